import ArgumentParser

/// `stepline jsonata`: evaluates a JSONata expression against JSON input, like `jq` for JSONata.
struct JSONataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jsonata",
        abstract: "Evaluate a JSONata expression against JSON input."
    )

    @Argument(help: "The JSONata expression.")
    var expression: String?

    @Option(help: "A JSON file to read the input from (standard input when absent).")
    var input: String?

    @Flag(help: "Read JSON Lines test cases on standard input and answer each on one line.")
    var batch = false

    func run() throws {
        throw ValidationError("JSONata is not implemented yet")
    }
}
