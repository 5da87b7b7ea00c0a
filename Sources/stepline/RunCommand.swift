import ArgumentParser
import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepServe

/// `stepline run`: runs one execution in process and prints its output.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one execution of a workflow in process, with no broker or database.",
        discussion: """
            Prints the execution's output as JSON. Exits 0 when the execution succeeds, 1 when it fails \
            (error and cause on stderr), 2 on bad usage or unreadable files.
            """
    )

    @Argument(help: "The definition file (Amazon States Language, JSON).")
    var definition: String

    @Option(help: "The execution input as JSON text.")
    var input: String?

    @Option(name: .customLong("input-file"), help: "A file holding the execution input.")
    var inputFile: String?

    @Flag(help: "Print one JSON object with status, output, error, cause and the history events.")
    var json = false

    @Option(
        help: """
            A configuration file (JSON): {"tasks": {"RESOURCE": "COMMAND"}, "functions": {"NAME": "file.handler" | \
            {"handler" | "command": …, "pool": 2, "timeout": 60}}}, or a flat {"NAME": "handler_file.py"}.
            """)
    var config: String?

    @Option(name: .customLong("task"), help: "Map a Task resource to a command: RESOURCE=COMMAND (repeatable).")
    var taskCommands: [String] = []

    @Option(help: "The workflow type: STANDARD or EXPRESS.")
    var type: String = "STANDARD"

    @Option(help: "The execution name (a UUID by default).")
    var name: String?

    func run() async throws {
        let (machine, inputValue, runner) = try await withUsageErrors { () throws -> (StateMachine, JSON, any TaskRunner) in
            let text = try readFile(definition, what: "definition")
            let machine: StateMachine
            do {
                machine = try DefinitionParser.parse(text)
            } catch let e as DefinitionError {
                throw CLIFailure("invalid definition:\n" + e.description)
            }
            var inputText = input ?? "{}"
            if let inputFile { inputText = try readFile(inputFile, what: "input file") }
            let value: JSON
            do {
                value = try JSON(parsing: inputText)
            } catch {
                throw CLIFailure("the input is not valid JSON: \(error)")
            }
            return (machine, value, try makeTaskRunner())
        }
        let stem = URL(fileURLWithPath: definition).deletingPathExtension().lastPathComponent
            .replacingOccurrences(of: ".asl", with: "")
        var rng = SystemRandomNumberGenerator()
        var idSource = SplitMix64(seed: rng.next())
        let executionName = name ?? idSource.uuid()
        let info = ExecutionInfo.local(
            stateMachineName: stem.isEmpty ? "StateMachine" : stem, executionName: executionName, input: inputValue,
            startTime: WallClock.now(), type: try parseMachineType(type))
        let result = await EmbeddedRunner(machine: machine, tasks: runner).run(info)
        if json {
            print(result.json.serialized())
        } else if result.status == .succeeded {
            print((result.output ?? .null).serialized())
        }
        if result.status != .succeeded {
            if !json {
                printError("\(result.status.rawValue): \(result.error ?? "")\(result.cause.map { ": " + $0 } ?? "")")
            }
            throw ExitCode(1)
        }
    }

    func makeTaskRunner() throws -> any TaskRunner {
        try TaskConfig.inProcessRunner(configPath: config, extra: taskCommands)
    }
}
