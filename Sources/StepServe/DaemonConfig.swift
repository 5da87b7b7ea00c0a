import Foundation
import StepDaemon
import StepEngine
import StepMapRun
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepStore

/// The daemon's part of the config file: EventBridge-style start rules and queue names.
///
///     {"rules": [{"name": "orders", "eventPattern": {"source": ["shop"]}, "stateMachine": "fulfil"}],
///      "queues": {"start": "stepline.start", "deadLetter": "stepline.dead", "events": "stepline.events",
///                 "jobs": "stepline.jobs", "results": "stepline.results", "callbacks": "stepline.callbacks",
///                 "activityPrefix": "stepline.activity."}}
public struct DaemonConfig: Sendable {
    var rules: [StartRule] = []
    public var topology = DaemonTopology()
    /// `{"messaging": {"queues": {"QUEUE URL or name": "amqp queue"}, "topics": {"TOPIC ARN": "exchange"}}}`
    var queues: [String: String] = [:]
    var topics: [String: String] = [:]

    public static func load(_ path: String?) throws -> DaemonConfig {
        var config = DaemonConfig()
        guard let path else { return config }
        let value = try ServiceConfig.load(path).document
        if case .array(let rules)? = value["rules"] {
            for (i, r) in rules.enumerated() {
                guard let name = r["name"]?.stringValue, let sm = r["stateMachine"]?.stringValue, let p = r["eventPattern"]
                else { throw CLIFailure("config: rules[\(i)] needs name, eventPattern and stateMachine") }
                do {
                    config.rules.append(StartRule(name: name, pattern: try EventPattern(p), stateMachine: sm))
                } catch {
                    throw CLIFailure("config: rules[\(i)].eventPattern: \(error)")
                }
            }
        }
        if case .object(let m)? = value["messaging"] {
            for (k, v) in m["queues"]?.objectValue ?? JSONObject() { if let s = v.stringValue { config.queues[k] = s } }
            for (k, v) in m["topics"]?.objectValue ?? JSONObject() { if let s = v.stringValue { config.topics[k] = s } }
        }
        if case .object(let q)? = value["queues"] {
            if let v = q["start"]?.stringValue { config.topology.startQueue = v }
            if let v = q["deadLetter"]?.stringValue {
                config.topology.deadLetterExchange = v
                config.topology.deadLetterQueue = v
            }
            if let v = q["events"]?.stringValue { config.topology.eventsExchange = v }
            if let v = q["jobs"]?.stringValue { config.topology.jobQueue = v }
            if let v = q["results"]?.stringValue { config.topology.resultQueue = v }
            if let v = q["callbacks"]?.stringValue { config.topology.callbackQueue = v }
            if let v = q["activityPrefix"]?.stringValue { config.topology.activityQueuePrefix = v }
        }
        return config
    }
}

extension DaemonConfig {
    /// The task runner of a process that has the broker: SQS/SNS/EventBridge over AMQP, then the config's
    /// handlers; `.waitForTaskToken` calls wait for their callback.
    func brokerTaskRunner(_ broker: any MessageBroker, configPath: String?, functionsDirectory: String? = nil) throws
        -> any TaskRunner
    {
        let configured = try TaskConfig.configured(configPath: configPath, extra: [], functionsDirectory: functionsDirectory)
        return CallbackTaskRunner(
            MessagingTaskRunner(broker: broker, topology: topology, queues: queues, topics: topics, fallback: configured))
    }

    /// The daemon's own runner: Distributed Map runs are coordinated here, their batches of children
    /// sent to the workers over the job queue.
    func daemonTaskRunner(
        _ broker: any MessageBroker, configPath: String?, waiters: BatchWaiters,
        observer: (@Sendable (MapRunProgress) async -> Void)?, service: ServiceSlot,
        functionsDirectory: String? = nil, log: @escaping @Sendable (String) -> Void
    ) throws -> any TaskRunner {
        let queued = QueuedBatchExecutor(broker: broker, topology: topology, waiters: waiters, log: log)
        let executor = DurableChildExecutor(service: service, express: queued)
        let mapRuns = MapRunTaskRunner(buckets: try TaskConfig.buckets(configPath), executor: executor, observer: observer)
        return RoutingTaskRunner(
            routes: [(MapRunRequest.resource, mapRuns)],
            fallback: try brokerTaskRunner(broker, configPath: configPath, functionsDirectory: functionsDirectory))
    }

    /// A worker's runner: jobs of Task states, and batches of a Distributed Map's children.
    func workerTaskRunner(_ broker: any MessageBroker, configPath: String?, functionsDirectory: String? = nil) throws
        -> any TaskRunner
    {
        let tasks = try brokerTaskRunner(broker, configPath: configPath, functionsDirectory: functionsDirectory)
        let batches = MapBatchRunner(tasks: tasks, buckets: try TaskConfig.buckets(configPath))
        return RoutingTaskRunner(routes: [(MapBatch.resource, batches)], fallback: tasks)
    }
}

/// Registers (or updates) one state machine per `NAME.asl.json` in a folder.
public enum DefinitionsFolder {
    /// The definition's problems, or `nil` when it is valid.
    static func problems(_ text: String) -> String? {
        do {
            _ = try DefinitionParser.parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    /// The definitions of a folder, each checked: `(name, text)` by file name.
    public static func read(_ dir: String) throws -> [(name: String, text: String)] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".asl.json") }.sorted()
        } catch {
            throw CLIFailure("cannot read the definitions folder '\(dir)': \(error.localizedDescription)")
        }
        var out: [(name: String, text: String)] = []
        for f in files {
            let text = try readFile("\(dir)/\(f)", what: "definition")
            if let problem = Self.problems(text) { throw CLIFailure("invalid definition \(f):\n\(problem)") }
            out.append((String(f.dropLast(".asl.json".count)), text))
        }
        return out
    }

    static func register(_ dir: String, in store: any ExecutionStore, log: (String) -> Void) throws {
        for (name, text) in try read(dir) {
            do {
                let record = try store.upsertStateMachine(
                    name: name, definition: text, type: .standard, loggingLevel: "OFF", now: WallClock.now())
                log("registered \(name) (revision \(record.revision))")
            } catch {
                throw CLIFailure("cannot register \(name): \(error)")
            }
        }
    }

    /// Registers a folder through the store's worker (while the service runs: a reload).
    static func register(_ dir: String, through worker: StoreWorker, log: @escaping @Sendable (String) -> Void) async throws {
        for (name, text) in try read(dir) {
            do {
                let record = try await worker.run { (st) throws(StoreError) in
                    try st.upsertStateMachine(
                        name: name, definition: text, type: .standard, loggingLevel: "OFF", now: WallClock.now())
                }
                log("registered \(name) (revision \(record.revision))")
            } catch {
                throw CLIFailure("cannot register \(name): \(error)")
            }
        }
    }
}
