/// The version `stepline --version`, `/status` and the package report.
enum SteplineVersion {
    static let current = "0.5.0"
}
