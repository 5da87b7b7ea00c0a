/// The version `stepline --version`, `/status` and the package report.
public enum SteplineVersion {
    public static let current = "0.5.0"
}
