import ArgumentParser
import Foundation
import StepJSON
import StepRuntime
import StepServe
import StepService
import StepStore

/// `--db FILE` and `--config FILE`, as every activity command takes them.
struct ActivityOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @Option(help: "A configuration file (the same as `serve`'s; its queue names are used with --amqp-url).")
    var config: String?

    /// Opens the store after checking that the config file, when given, can be read.
    func open() throws -> SQLiteExecutionStore {
        _ = try DaemonConfig.load(config)
        return try store.open()
    }
}

/// `stepline create-activity`: CreateActivity.
struct CreateActivityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-activity", abstract: "Create an activity (the same name again returns the same activity).")

    @OptionGroup var options: ActivityOptions
    @Option(help: "The activity's name.") var name: String
    @Option(name: .customLong("tag"), help: "KEY=VALUE (repeatable); kept only when the activity is new, as in AWS.")
    var tags: [String] = []

    func run() async throws {
        try await clientCommand {
            var parsed: [ActivityTag] = []
            for t in tags {
                guard let eq = t.firstIndex(of: "=") else { throw CLIFailure("--tag expects KEY=VALUE, got '\(t)'") }
                parsed.append(ActivityTag(key: String(t[..<eq]), value: String(t[t.index(after: eq)...])))
            }
            let s = try options.open()
            let record = try storeCall { () throws(StoreError) in
                try Activities.create(in: s, name: name, tags: parsed, now: WallClock.now())
            }
            print(
                JSON.object(["activityArn": .string(record.arn), "creationDate": .string(record.created.iso8601)])
                    .prettySerialized())
        }
    }
}

/// `stepline describe-activity`: DescribeActivity.
struct DescribeActivityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe-activity", abstract: "Describe an activity.")

    @OptionGroup var options: ActivityOptions
    @Option(name: .customLong("activity-arn"), help: "The activity's ARN.") var activityArn: String

    func run() async throws {
        try await clientCommand {
            let s = try options.open()
            let record = try storeCall { () throws(StoreError) in try Activities.describe(in: s, arn: activityArn) }
            print(record.json.prettySerialized())
        }
    }
}

/// `stepline list-activities`: ListActivities.
struct ListActivitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list-activities", abstract: "List the activities.")

    @OptionGroup var options: ActivityOptions

    func run() async throws {
        try await clientCommand {
            let s = try options.open()
            let list = try storeCall { () throws(StoreError) in try s.listActivities() }
            print(JSON.object(["activities": .array(list.map(\.json))]).prettySerialized())
        }
    }
}

/// `stepline delete-activity`: DeleteActivity (prints nothing, as the AWS CLI).
struct DeleteActivityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-activity", abstract: "Delete an activity.")

    @OptionGroup var options: ActivityOptions
    @Option(name: .customLong("activity-arn"), help: "The activity's ARN.") var activityArn: String

    func run() async throws {
        try await clientCommand {
            let s = try options.open()
            try storeCall { () throws(StoreError) in try Activities.delete(in: s, arn: activityArn) }
        }
    }
}
