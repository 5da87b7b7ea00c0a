import Foundation
import StepAPI
import StepDaemon
import StepIntegrations
import StepService

/// Builds `serve --api`'s listener: its own database connection, the Step Functions and Lambda APIs,
/// and (with a broker) activity tasks taken from the activities' queues.
enum APIEndpoint {
    static func start(
        _ address: String, db: String, partition: (region: String, account: String), functionsDirectory: String,
        broker: AMQPBroker?, topology: DaemonTopology, log: @escaping @Sendable (String) -> Void
    ) throws -> APIServer {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw CLIFailure("--api expects HOST:PORT, e.g. 127.0.0.1:8083; got '\(address)'")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty || host == "localhost" { host = "127.0.0.1" }
        let store = StoreWorker(try StoreOptions.open(db, partition: partition))
        var poll: StepFunctionsAPI.ActivityPoll?
        if let broker {
            let poller = ActivityPoller(broker: broker, topology: topology, log: log)
            poll = { arn, workerName in
                guard let name = Activities.name(ofArn: arn) else { return nil }
                return try? await poller.poll(activityName: name, workerName: workerName, waitSeconds: Activities.pollSeconds)
            }
        }
        let stepFunctions = StepFunctionsAPI(store: store, pollActivity: poll)
        let lambda = LambdaAPI(
            repository: FunctionRepository(directory: functionsDirectory), region: partition.region,
            account: partition.account)
        do {
            return try APIServer(host: host, port: port, stepFunctions: stepFunctions, lambda: lambda, log: log)
        } catch {
            throw CLIFailure("cannot listen on \(address): \(error)")
        }
    }
}
