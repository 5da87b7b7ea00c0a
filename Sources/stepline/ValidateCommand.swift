import ArgumentParser
import Foundation
import StepLanguage
import StepServe

/// `stepline validate FILE`: checks a definition and prints each problem with its location.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a state machine definition and print every problem with its JSON path."
    )

    @OptionGroup var configOption: ConfigOption

    @Argument(help: "The definition file (Amazon States Language, JSON).")
    var definition: String

    func run() async throws {
        let text = try await withUsageErrors { try readFile(definition, what: "definition") }
        do {
            _ = try DefinitionParser.parse(text)
            print("OK")
        } catch {
            for d in error.diagnostics { print(d.description) }
            throw ExitCode(1)
        }
    }
}
