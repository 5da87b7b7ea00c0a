import ArgumentParser
import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepServe
import StepService
import StepStore

/// `stepline stop`: StopExecution.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop (abort) a running execution.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The execution's ARN or name.") var execution: String
    @Option(help: "The error to record.") var error: String?
    @Option(help: "The cause to record.") var cause: String?

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            let r = try storeCall { () throws(StoreError) in
                try ExecutionControl.apply(s, reference: execution, kind: .stop, error: error, cause: cause)
            }
            print(JSON.object(["executionArn": .string(r.arn), "stopDate": .string(WallClock.now().iso8601)]).prettySerialized())
        }
    }
}

/// `stepline redrive`: RedriveExecution.
struct RedriveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redrive", abstract: "Redrive a failed, timed-out or aborted Standard execution from where it stopped.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The execution's ARN or name.") var execution: String

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            let r = try storeCall { () throws(StoreError) in
                try ExecutionControl.apply(s, reference: execution, kind: .redrive, error: nil, cause: nil)
            }
            print(JSON.object(["redriveDate": .string(WallClock.now().iso8601), "executionArn": .string(r.arn)]).prettySerialized())
        }
    }
}
