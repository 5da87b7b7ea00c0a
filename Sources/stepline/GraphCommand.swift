import ArgumentParser
import Foundation
import StepConsole
import StepJSON

/// `stepline graph FILE`: draws a definition as the console does, laid out by Graphviz, as SVG (or DOT).
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a state machine definition as a graph (SVG laid out by Graphviz's dot, or the DOT text)."
    )

    @OptionGroup var configOption: ConfigOption

    @Argument(help: "The definition file (Amazon States Language, JSON).")
    var definition: String

    @Flag(help: "Print the graph in Graphviz's DOT language instead of SVG.")
    var dot = false

    func run() async throws {
        let text = try await withUsageErrors { try readFile(definition, what: "definition") }
        let json: JSON
        do {
            json = try JSON(parsing: text)
        } catch {
            throw CLIFailure("\(definition) is not JSON: \(error)")
        }
        let graph = WorkflowGraph(definition: json)
        if dot {
            print(graph.dot, terminator: "")
            return
        }
        do {
            print(try graph.svg())
        } catch {
            throw CLIFailure(error.description)
        }
    }
}
