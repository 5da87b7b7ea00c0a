import ArgumentParser
import Foundation
import StepJSON
import StepLanguage
import StepRuntime
import StepServe
import StepService

/// `stepline create-state-machine`: registers a definition, or updates it when the name exists.
struct CreateStateMachineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-state-machine", abstract: "Register a state machine (or update its definition).")

    @OptionGroup var store: StoreOptions
    @Option(help: "The state machine's name.") var name: String
    @Option(help: "The definition file.") var definition: String
    @Option(help: "STANDARD or EXPRESS.") var type: String = "STANDARD"
    @Option(help: "Express history logging: OFF, ERROR or ALL.") var loggingLevel: String = "OFF"

    func run() async throws {
        try await clientCommand {
            let text = try readFile(definition, what: "definition")
            do {
                _ = try DefinitionParser.parse(text)
            } catch let e as DefinitionError {
                throw CLIFailure("invalid definition:\n\(e.description)")
            }
            let type = try parseMachineType(type)
            let s = try store.open()
            let level = loggingLevel.uppercased()
            let record = try storeCall { () throws(StoreError) in
                try s.upsertStateMachine(name: name, definition: text, type: type, loggingLevel: level, now: WallClock.now())
            }
            print(
                JSON.object(["stateMachineArn": .string(record.arn), "creationDate": .string(record.created.iso8601)]).prettySerialized())
        }
    }
}

/// `stepline publish-version`: freezes the current definition as the next version.
struct PublishVersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish-version", abstract: "Publish the current definition as a numbered, immutable version.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("state-machine"), help: "The state machine's name.") var stateMachine: String
    @Option(help: "A description of the version.") var description: String?

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            let v = try storeCall { () throws(StoreError) in
                try s.publishVersion(stateMachine: stateMachine, description: description, now: WallClock.now())
            }
            print(JSON.object(["stateMachineVersionArn": .string(v.arn), "creationDate": .string(v.created.iso8601)]).prettySerialized())
        }
    }
}

/// `stepline create-alias`: an alias routing executions between one or two versions.
struct CreateAliasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-alias", abstract: "Create or update an alias that routes between versions by weight.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("state-machine"), help: "The state machine's name.") var stateMachine: String
    @Option(help: "The alias name.") var name: String
    @Option(name: .customLong("route"), help: "VERSION=WEIGHT (once or twice; weights add up to 100).")
    var routes: [String]
    @Option(help: "A description of the alias.") var description: String?

    func run() async throws {
        try await clientCommand {
            var routing: [AliasRecord.Route] = []
            for r in routes {
                let parts = r.split(separator: "=")
                guard parts.count == 2, let v = Int(parts[0]), let w = Int(parts[1]) else {
                    throw CLIFailure("--route expects VERSION=WEIGHT, got '\(r)'")
                }
                routing.append(AliasRecord.Route(version: v, weight: w))
            }
            let s = try store.open()
            let a = try storeCall { () throws(StoreError) in
                try s.createAlias(
                    stateMachine: stateMachine, name: name, routing: routing, description: description, now: WallClock.now())
            }
            print(JSON.object(["stateMachineAliasArn": .string(a.arn), "creationDate": .string(a.created.iso8601)]).prettySerialized())
        }
    }
}

/// `stepline list-state-machines`.
struct ListStateMachinesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-state-machines", abstract: "List the registered state machines.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            let list = try storeCall { () throws(StoreError) in try s.listStateMachines() }
            let items = list.map { r -> JSON in
                .object([
                    "stateMachineArn": .string(r.arn), "name": .string(r.name), "type": .string(r.type.rawValue),
                    "creationDate": .string(r.created.iso8601),
                ])
            }
            print(JSON.object(["stateMachines": .array(items)]).prettySerialized())
        }
    }
}

/// `--type`'s value, in any case, as a state machine type; a clear error otherwise.
func parseMachineType(_ text: String) throws -> StateMachineType {
    guard let type = StateMachineType(rawValue: text.uppercased()) else { throw CLIFailure("--type must be STANDARD or EXPRESS") }
    return type
}
