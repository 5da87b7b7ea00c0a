import ArgumentParser
import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepServe
import StepService
import StepStore

/// `stepline start`: starts an execution (the running service picks it up) and prints its ARN.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start an execution; `stepline serve` on the same database runs it.",
        discussion: "STATE_MACHINE is a name or ARN, optionally with :VERSION or :ALIAS.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("state-machine"), help: "The state machine (name, ARN, NAME:VERSION or NAME:ALIAS).")
    var stateMachine: String
    @Option(help: "The execution name (a UUID by default).") var name: String?
    @Option(help: "The execution input as JSON text.") var input: String = "{}"
    @Flag(help: "Wait for the execution to end and print its output.") var wait = false

    func run() async throws {
        try await clientCommand {
            let inputValue: JSON
            do {
                inputValue = try JSON(parsing: input)
            } catch {
                throw CLIFailure("the input is not valid JSON: \(error)")
            }
            let s = try store.open()
            let record = try storeCall { () throws(StoreError) in
                try ExecutionStarter.start(
                    in: s, stateMachine: stateMachine, name: name, input: inputValue.serialized(), now: WallClock.now())
            }
            if !wait {
                print(
                    JSON.object(["executionArn": .string(record.arn), "startDate": .string(record.startDate.iso8601)]).prettySerialized())
                return
            }
            // Another process runs it (`serve`), so the row is read again: soon at first (most executions
            // end within milliseconds), then less often, up to every 200 ms.
            var current = record
            var backoff = Backoff(first: .milliseconds(5), maximum: .milliseconds(200))
            while current.status == .running {
                try await Task.sleep(for: backoff.nextDelay())
                current = try storeCall { () throws(StoreError) in try s.execution(id: record.id) } ?? current
            }
            if current.status == .succeeded {
                print(current.output ?? "null")
            } else {
                printError("\(current.status.rawValue): \(current.error ?? "")\(current.cause.map { ": " + $0 } ?? "")")
                throw ExitCode(1)
            }
        }
    }
}

/// `stepline describe`: DescribeExecution's JSON.
struct DescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Describe an execution (by ARN or name), as DescribeExecution does.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The execution's ARN or name.") var execution: String

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            guard let r = try storeCall({ () throws(StoreError) in try s.execution(reference: execution) }) else {
                throw RequestFailure(StoreError(.executionDoesNotExist, "Execution Does Not Exist: '\(execution)'"))
            }
            print(r.json.prettySerialized())
        }
    }
}

/// `stepline history`: GetExecutionHistory's events.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Print an execution's history events in AWS's shape.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The execution's ARN or name.") var execution: String
    @Flag(help: "Print {\"events\": [...]} as JSON (the default output is one line per event).") var json = false

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            guard let r = try storeCall({ () throws(StoreError) in try s.execution(reference: execution) }) else {
                throw RequestFailure(StoreError(.executionDoesNotExist, "Execution Does Not Exist: '\(execution)'"))
            }
            let events = try storeCall { () throws(StoreError) in try s.history(executionId: r.id) }
            if json {
                print(JSON.object(["events": .array(events)]).prettySerialized())
            } else {
                for e in events {
                    print("\(e["id"]?.intValue ?? 0)\t\(e["type"]?.stringValue ?? "")\t\(e["timestamp"]?.stringValue ?? "")")
                }
            }
        }
    }
}

/// `stepline list-executions`.
struct ListExecutionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-executions", abstract: "List executions, newest first.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("state-machine"), help: "Only this state machine's executions.") var stateMachine: String?
    @Option(help: "Only executions with this status (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED).") var status: String?
    @Option(help: "At most this many.") var limit = 100
    @Option(name: .customLong("map-run-arn"), help: "Only the child executions of this Distributed Map run.")
    var mapRunArn: String?

    func run() async throws {
        try await clientCommand {
            var st: ExecutionStatus?
            if let status {
                guard let v = ExecutionStatus(rawValue: status.uppercased()) else { throw CLIFailure("unknown status '\(status)'") }
                st = v
            }
            let s = try store.open()
            let list = try storeCall { () throws(StoreError) in
                if let mapRunArn { return try s.mapRunExecutions(mapRunArn: mapRunArn, status: st, limit: limit) }
                return try s.listExecutions(stateMachine: stateMachine, status: st, limit: limit)
            }
            let items = list.map { r -> JSON in
                var o: JSONObject = [
                    "executionArn": .string(r.arn), "stateMachineArn": .string(r.stateMachineArn), "name": .string(r.name),
                    "status": .string(r.status.rawValue), "startDate": .string(r.startDate.iso8601),
                ]
                if let d = r.stopDate { o["stopDate"] = .string(d.iso8601) }
                return .object(o)
            }
            print(JSON.object(["executions": .array(items)]).prettySerialized())
        }
    }
}
