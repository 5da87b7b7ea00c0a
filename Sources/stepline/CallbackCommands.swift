import ArgumentParser
import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepServe
import StepService
import StepStore

/// `stepline send-task-success`: SendTaskSuccess.
struct SendTaskSuccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-task-success", abstract: "Complete a task waiting for its token, with an output.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("task-token"), help: "The task token ($$.Task.Token).") var taskToken: String
    @Option(help: "The task's output as JSON text.") var output: String

    func run() async throws {
        try await clientCommand {
            guard (try? JSON(parsing: output)) != nil else { throw RequestFailure(StoreError(.invalidOutput, "Invalid Output: not JSON")) }
            let s = try store.open()
            try storeCall { () throws(StoreError) in
                try TaskCallback.send(s, token: taskToken, kind: .taskSuccess, output: output, error: nil, cause: nil)
            }
        }
    }
}

/// `stepline send-task-failure`: SendTaskFailure.
struct SendTaskFailureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-task-failure", abstract: "Fail a task waiting for its token, with an error and a cause.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("task-token"), help: "The task token ($$.Task.Token).") var taskToken: String
    @Option(help: "The error name.") var error: String?
    @Option(help: "The cause.") var cause: String?

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            try storeCall { () throws(StoreError) in
                try TaskCallback.send(s, token: taskToken, kind: .taskFailure, output: nil, error: error, cause: cause)
            }
        }
    }
}

/// `stepline send-task-heartbeat`: SendTaskHeartbeat.
struct SendTaskHeartbeatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-task-heartbeat", abstract: "Report that the work behind a task token is still going on.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("task-token"), help: "The task token ($$.Task.Token).") var taskToken: String

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            try storeCall { () throws(StoreError) in
                try TaskCallback.send(s, token: taskToken, kind: .taskHeartbeat, output: nil, error: nil, cause: nil)
            }
        }
    }
}
