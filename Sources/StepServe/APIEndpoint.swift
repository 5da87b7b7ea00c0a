import Foundation
import Logging
import StepAuth
import StepAPI
import StepAMQPBroker
import StepDaemon
import StepIntegrations
import StepLanguage
import StepRuntime
import StepService
import StepStore

/// Builds `serve --api`'s listener: its own database connection, the Step Functions and Lambda APIs,
/// and (with a broker) activity tasks taken from the activities' queues.
enum APIEndpoint {
    static func start(
        _ address: String, db: String, partition: (region: String, account: String), functionsDirectory: String,
        broker: (any MessageBroker)?, topology: DaemonTopology, changes: ExecutionChanges? = nil, operations: OperationsRoutes? = nil,
        access: APIAccess? = nil, tasks: (any TaskRunner)? = nil,
        limits: ListenerLimits = ListenerLimits(), tls: ListenerTLS? = nil, log: @escaping @Sendable (String) -> Void
    ) throws -> APIServer {
        let (host, port) = try listenAddress(address, what: "--api")
        // Reads (Describe*, List*, GetExecutionHistory) on connections of their own, answered on the
        // connection's event loop without a hand-off to the store thread.
        let store = StoreWorker(try StoreFile.open(db, partition: partition)) { () throws(StoreError) in
            try SQLiteExecutionStore(path: db, readOnly: true, region: partition.region, account: partition.account)
        }
        var poll: StepFunctionsAPI.ActivityPoll?
        if let broker {
            // On the daemon's own broker connection: each poll is a subscription of its own on it, and the
            // poller declares the activity's queue (an activity created after `serve` started has none yet).
            let poller = ActivityPoller(broker: broker, topology: topology, log: log)
            poll = { arn, workerName in
                guard let name = ARN(parsing: arn)?.activityName else { return nil }
                do {
                    return try await poller.poll(activityName: name, workerName: workerName, waitSeconds: Activities.pollSeconds)
                } catch {
                    log("GetActivityTask: the broker did not answer: \(error)")
                    return nil
                }
            }
        }
        let stepFunctions = StepFunctionsAPI(
            store: store, changes: changes, pollActivity: poll, taskRunner: tasks, partition: partition)
        let lambda = LambdaAPI(
            repository: FunctionRepository(directory: functionsDirectory), region: partition.region,
            account: partition.account)
        do {
            return try APIServer(
                host: host, port: port, stepFunctions: stepFunctions, lambda: lambda, operations: operations, access: access,
                limits: limits, tls: tls, log: log)
        } catch {
            throw CLIFailure("cannot listen on \(address): \(error)")
        }
    }
}

/// `HOST:PORT` as a listener takes it (`localhost` is 127.0.0.1), or a clear error naming the setting.
func listenAddress(_ address: String, what: String) throws -> (host: String, port: UInt16) {
    guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
        throw CLIFailure("\(what) expects HOST:PORT, e.g. 127.0.0.1:8083; got '\(address)'")
    }
    var host = String(address[..<colon])
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    if host.isEmpty || host == "localhost" { host = "127.0.0.1" }
    return (host, port)
}

/// The API's access rules from the configuration: the credentials file (generated on first start when it is
/// the default one and missing), or none with `--no-auth`.
enum APIAccessSetup {
    static func make(
        credentials: String?, defaultPath: String, noAuth: Bool, allowUpload: Bool,
        partition: (region: String, account: String), logger: Logger
    ) throws -> APIAccess {
        let rules = AccessRules(region: partition.region, account: partition.account)
        if noAuth {
            logger.warning(
                "authentication is OFF (--no-auth): anyone who can reach the API port can start, stop and read every execution")
            return APIAccess(authenticator: nil, rules: rules, allowUpload: allowUpload)
        }
        let path = credentials ?? defaultPath
        if credentials == nil, !FileManager.default.fileExists(atPath: path) {
            do {
                let key = try CredentialsFile.generate(at: path)
                logger.notice(
                    "generated an API key (profile default, policy admin) in \(path)",
                    metadata: ["file": .string(path), "accessKey": .string(key.accessKey)])
            } catch {
                throw CLIFailure(error.description)
            }
        }
        do {
            let file = try CredentialsFile.load(path)
            logger.info("API keys", metadata: ["file": .string(path), "keys": "\(file.keys.count)"])
            return APIAccess(
                authenticator: APIAuthenticator(keys: file.keys, account: partition.account), rules: rules, allowUpload: allowUpload)
        } catch {
            throw CLIFailure(error.description)
        }
    }
}
