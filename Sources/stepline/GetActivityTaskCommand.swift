import ArgumentParser
import Foundation
import StepAMQPBroker
import StepDaemon
import StepJSON
import StepLanguage
import StepRuntime
import StepServe
import StepService
import StepStore

/// `stepline get-activity-task`: GetActivityTask. Long-polls (60 s, as AWS) for one task of the activity and
/// prints `{"taskToken", "input"}`, or `{}` when none came. The task comes from the database when `serve`
/// runs without a broker, or from the activity's queue (`stepline.activity.NAME`) with `--amqp-url`.
struct GetActivityTaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get-activity-task", abstract: "Wait for a task of an activity and print its token and input.",
        discussion: "Answer with send-task-success, send-task-failure and send-task-heartbeat (or the callback queue).")

    @Option(name: .customLong("activity-arn"), help: "The activity's ARN.") var activityArn: String
    @Option(name: .customLong("worker-name"), help: "A name for this worker, recorded in ActivityStarted.")
    var workerName: String?
    @Option(help: "The SQLite database file: take the task from it (and check that the activity exists).")
    var db: String?
    @Option(name: .customLong("amqp-url"), help: "Take the task from the activity's queue on this broker.")
    var amqpURL: String?
    @Option(help: "A configuration file (queue names for --amqp-url).") var config: String?
    @Option(help: "How long to wait for a task, in seconds (AWS holds a poll 60 s).")
    var waitSeconds: Double = Activities.pollSeconds

    func run() async throws {
        try await clientCommand {
            guard db != nil || amqpURL != nil else { throw CLIFailure("give --db FILE or --amqp-url URL") }
            guard let name = ARN(parsing: activityArn)?.activityName else {
                throw RequestFailure(StoreError(.invalidArn, "Invalid Arn: '\(activityArn)'"))
            }
            let daemonConfig = try DaemonConfig.load(config)
            let store = try db.map { try StoreFile.open($0) }
            if let store { _ = try storeCall { () throws(StoreError) in try Activities.describe(in: store, arn: activityArn) } }
            let task: ActivityTask?
            if let amqpURL {
                task = try await fromBroker(amqpURL, name: name, topology: daemonConfig.topology)
            } else if let store {
                task = try await fromDatabase(store)
            } else {
                task = nil
            }
            print((task?.json ?? .object(JSONObject())).prettySerialized())
        }
    }

    /// Claims a task waiting in the database (atomically), then has `ActivityStarted` recorded.
    func fromDatabase(_ s: SQLiteExecutionStore) async throws -> ActivityTask? {
        let deadline = Date().addingTimeInterval(waitSeconds)
        while true {
            let claimed = try storeCall { () throws(StoreError) in
                try Activities.claim(in: s, arn: activityArn, workerName: workerName)
            }
            if let claimed {
                try storeCall { () throws(StoreError) in
                    try TaskCallback.send(
                        s, executionId: claimed.executionId, task: claimed.task, kind: .taskStarted, workerName: workerName)
                }
                return claimed.assignment
            }
            guard Date() < deadline else { return nil }
            try? await Task.sleep(nanoseconds: 200_000_000)
        }
    }

    func fromBroker(_ url: String, name: String, topology: DaemonTopology) async throws -> ActivityTask? {
        let queue = topology.activityQueue(name)
        // Declaring the queue here lets the service publish to it even when it was created after `serve` started.
        let broker = try AMQPBroker(url: url, topology: topology, extraQueues: [queue])
        do {
            try await broker.connectOnce()
        } catch {
            throw CLIFailure("cannot connect to \(url): \(error)")
        }
        let poller = ActivityPoller(broker: broker, topology: topology) { printError("stepline get-activity-task: \($0)") }
        let task = try await poller.poll(activityName: name, workerName: workerName, waitSeconds: waitSeconds)
        await broker.close()
        return task
    }
}
