import ArgumentParser
import Foundation
import StepConsole
import StepJSON
import StepServe

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

    @Option(
        help: ArgumentHelp(
            "An execution's history (what `aws stepfunctions get-execution-history` prints): colour each state by what happened to it.",
            valueName: "file"))
    var history: String?

    func run() async throws {
        let text = try await withUsageErrors { try readFile(definition, what: "definition") }
        let json: JSON
        do {
            json = try JSON(parsing: text)
        } catch {
            throw CLIFailure("\(definition) is not JSON: \(error)")
        }
        let graph = WorkflowGraph(definition: json)
        var progress: ExecutionProgress?
        if let history {
            let text = try await withUsageErrors { try readFile(history, what: "history") }
            let events: [JSON]
            switch try? JSON(parsing: text) {
            case .array(let list)?: events = list
            case .object(let o)?: events = o["events"]?.arrayValue ?? []
            default: throw CLIFailure("\(history) is not a history: expected GetExecutionHistory's answer or its list of events")
            }
            progress = ExecutionProgress(history: events)
        }
        if dot {
            print(graph.dot(progress: progress), terminator: "")
            return
        }
        do {
            print(try graph.svg(progress: progress))
        } catch {
            throw CLIFailure(error.description)
        }
    }
}
