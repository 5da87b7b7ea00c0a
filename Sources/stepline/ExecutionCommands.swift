import ArgumentParser
import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
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
                print(JSON.object(["executionArn": .string(record.arn), "startDate": .string(record.startDate.iso8601)]).prettySerialized())
                return
            }
            var current = record
            while current.status == .running {
                try await Task.sleep(nanoseconds: 20_000_000)
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

/// Resolves a state machine reference (name, ARN, version, alias) and creates the execution.
enum ExecutionStarter {
    static func start(
        in s: any ExecutionStore, stateMachine reference: String, name: String?, input: String, now: Timestamp
    ) throws(StoreError) -> ExecutionRecord {
        var smName = reference
        var qualifier: String?
        if reference.hasPrefix("arn:") {
            let parts = reference.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 7 else { throw StoreError(.invalidArn, "Invalid Arn: '\(reference)'") }
            smName = String(parts[6])
            if parts.count >= 8 { qualifier = String(parts[7]) }
        } else if let colon = reference.firstIndex(of: ":") {
            smName = String(reference[..<colon])
            qualifier = String(reference[reference.index(after: colon)...])
        }
        guard let sm = try s.stateMachine(name: smName) else {
            throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(reference)'")
        }
        var version: Int?
        if let q = qualifier {
            if let v = Int(q) {
                version = v
            } else if let alias = try s.alias(stateMachine: smName, name: q) {
                var roll = Int.random(in: 0..<100)
                for r in alias.routing {
                    if roll < r.weight {
                        version = r.version
                        break
                    }
                    roll -= r.weight
                }
                version = version ?? alias.routing.first?.version
            } else {
                throw StoreError(.resourceNotFound, "Alias or version '\(q)' of \(smName) does not exist")
            }
        }
        guard input.utf8.count <= 262_144 else {
            throw StoreError(.invalidExecutionInput, "The input is larger than the 262144-byte (256 KiB) limit")
        }
        var g = SplitMix64(seed: UInt64.random(in: 0...UInt64.max))
        let executionName = name ?? g.uuid()
        let kind = sm.type == "EXPRESS" ? "express" : "execution"
        let arnBase = sm.arn.replacingOccurrences(of: ":stateMachine:", with: ":\(kind):")
        let new = NewExecution(
            arn: "\(arnBase):\(executionName)", name: executionName, stateMachine: smName, stateMachineArn: sm.arn,
            version: version, type: sm.type, input: input, startDate: now)
        return try s.createExecution(new).record
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

    func run() async throws {
        try await clientCommand {
            var st: ExecutionStatus?
            if let status {
                guard let v = ExecutionStatus(rawValue: status.uppercased()) else { throw CLIFailure("unknown status '\(status)'") }
                st = v
            }
            let s = try store.open()
            let list = try storeCall { () throws(StoreError) in
                try s.listExecutions(stateMachine: stateMachine, status: st, limit: limit)
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
