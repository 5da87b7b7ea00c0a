import Foundation
import Logging
import ServiceLifecycle
import StepAPI
import StepAMQPBroker
import StepDaemon
import StepEngine
import StepJSON
import StepLanguage
import StepOperations
import StepRuntime
import StepService
import StepSettings
import StepStore
import Synchronization

/// `stepline serve` put together: opens the database, connects the broker, binds the listeners, reports
/// READY=1, then runs its services in one `ServiceGroup` until SIGTERM drains them.
///
/// A `Daemon` is also a `Service`: run in a `ServiceGroup` of one's own, it drains when that group shuts
/// down gracefully, as on SIGTERM.
public struct Daemon: Service {
    let settings: EffectiveConfiguration
    let configPath: String?
    let flags: [String: String?]
    let noAuth: Bool

    /// `settings`: the effective configuration (`ServiceConfig.load(configPath, flags: flags)`); the file
    /// and the flags are read again on SIGHUP. `noAuth`: serve the API without checking signatures.
    public init(settings: EffectiveConfiguration, configPath: String?, flags: [String: String?], noAuth: Bool) {
        self.settings = settings
        self.configPath = configPath
        self.flags = flags
        self.noAuth = noAuth
    }

    /// Runs until drained; a `CLIFailure` says why it could not start (the command exits 2 with it).
    public func run() async throws {
        let (logs, registry) = ProcessSetup.bootstrap(level: settings.string("log.level"), format: settings.string("log.format"))
        let logger = Logger(label: "stepline.serve")
        let notifier = SystemdNotifier()
        let log: @Sendable (String) -> Void = { line in logger.notice("\(line)") }
        guard let db = settings.string("db") else {
            throw CLIFailure("--db FILE is required (or \"db\" in the configuration, or STEPLINE_DB)")
        }
        let partition = (region: settings.string("region") ?? "us-east-1", account: settings.string("account") ?? "111111111111")
        let grace = Duration.milliseconds(Int((settings.seconds("drain.gracePeriod") ?? 30) * 1000))
        let pollInterval = Duration.milliseconds(max(1, Int((settings.seconds("pollInterval") ?? 0.01) * 1000)))

        notifier.status("opening the database")
        let s = try StoreFile.open(
            db, synchronous: settings.string("synchronous") ?? "normal", busyTimeout: settings.seconds("busyTimeout") ?? 5,
            partition: partition)
        if try storeCall({ () throws(StoreError) in try s.serviceIsAlive(now: WallClock.now()) }) {
            throw CLIFailure("another `stepline serve` is running on '\(db)'")
        }
        // An execution whose step crashed the last run (the crash guard journaled it) fails alone now, before
        // anything could step it into the same crash again; then the guard journals this run's crashes.
        let crashJournal = db + ".crashes"
        for arn in CrashGuard.takeJournal(crashJournal) {
            let cause = "The execution was stopped because processing it crashed the service; see the service's log."
            do {
                let r = try storeCall { () throws(StoreError) in
                    try ExecutionControl.apply(s, reference: arn, kind: .stop, error: "States.Runtime", cause: cause)
                }
                logger.error("execution stopped: stepping it crashed the service", metadata: ["execution": .string(r.arn)])
            } catch {
                logger.error(
                    "execution named by the crash journal not stopped",
                    metadata: ["execution": .string(arn), "reason": .string("\(error)")])
            }
        }
        if !CrashGuard.install(journal: crashJournal) { logger.warning("no crash journal: the path \(crashJournal) is too long") }
        let owner = SQLiteExecutionStore.processOwner
        try storeCall { () throws(StoreError) in try s.renewServiceLease(owner: owner, now: WallClock.now()) }
        if let definitions = settings.string("definitions") {
            try DefinitionsFolder.register(definitions, in: s) { logger.info("\($0)") }
        }
        let worker = StoreWorker(s)
        let daemonConfig = try DaemonConfig.load(configPath)
        let rules = StartRules(daemonConfig.rules)
        let amqpURL = settings.string("amqpURL")
        let broker: AMQPBroker?
        if let amqpURL {
            // The queues of the activities known now; a worker polling a newer one declares its own.
            let activities = try storeCall { () throws(StoreError) in try s.listActivities() }
            broker = try AMQPBroker(
                url: amqpURL, topology: daemonConfig.topology,
                extraQueues: activities.map { daemonConfig.topology.activityQueue($0.name) })
        } else {
            broker = nil
        }
        let functionsDirectory = settings.string("functionsDirectory") ?? db + ".functions"
        let batches = BatchWaiters()
        // STANDARD map-run children are durable executions of this service, attached below.
        let slot = ServiceSlot()
        let observer = MapRunRecords.observer(worker)
        let makeTasks: @Sendable (String?) throws -> any TaskRunner = { path in
            if let broker {
                return try daemonConfig.daemonTaskRunner(
                    broker, configPath: path, waiters: batches, observer: observer, service: slot,
                    functionsDirectory: functionsDirectory, log: log)
            }
            return try TaskConfig.inProcessRunner(
                configPath: path, extra: [], observer: observer, service: slot, functionsDirectory: functionsDirectory)
        }
        let tasks = ReloadableTaskRunner(try makeTasks(configPath))
        let dispatcher = broker.map { QueueDispatcher(broker: $0, topology: daemonConfig.topology, log: log) }
        var onFinished: (@Sendable ([FinishedExecution]) async -> Void)?
        let publisher = broker.map {
            StatusPublisher(broker: $0, topology: daemonConfig.topology, worker: worker, log: log)
        }
        if let publisher {
            onFinished = { finished in await publisher.enqueue(finished) }
            // Events of executions that ended before a crash, not yet published.
            await publisher.publishPending()
        }
        let activityQueue = broker.map { BrokerActivityQueue(broker: $0, topology: daemonConfig.topology) }
        let service = DurableService(
            worker: worker, tasks: tasks, dispatcher: dispatcher, activityQueue: activityQueue,
            onFinished: onFinished, log: log)
        slot.attach(service)
        notifier.status("resuming open executions")
        do {
            try await service.recover()
        } catch {
            throw CLIFailure("cannot resume executions: \(error)")
        }
        let roster = WorkerRoster()
        if let broker {
            notifier.status("connecting to the broker")
            await broker.connect(log: log)
        }
        let status = ServiceStatus(
            role: "serve", database: db, brokerConfigured: broker != nil, logs: logs, roster: roster)
        let operations = OperationsRoutes(
            metrics: { registry.emitToString() }, status: { status.json().serialized() })

        var services: [NamedService] = []
        services.append(
            Self.executionLoop(
                service: service, worker: worker, owner: owner, notifier: notifier, grace: grace,
                pollInterval: pollInterval, logger: logger))
        services.append(
            NamedService.periodic("sampler", every: .seconds(5)) {
                await status.sample(worker: worker, service: service, broker: broker, notifier: notifier)
            })
        let current = Mutex(settings)
        services.append(
            NamedService.reloader(logger: logger) {
                await Self.reload(
                    configPath: configPath, flags: flags, current: current, logs: logs, rules: rules, tasks: tasks,
                    makeTasks: makeTasks, store: worker, notifier: notifier, logger: logger)
            })
        var listening: [String] = []
        if let address = settings.string("api") {
            let access = try APIAccessSetup.make(
                credentials: settings.string("credentials"), defaultPath: db + ".credentials", noAuth: noAuth,
                allowUpload: settings.effective("lambda.allowUpload")?.boolValue ?? false, partition: partition, logger: logger)
            let server = try APIEndpoint.start(
                address, db: db, partition: partition, functionsDirectory: functionsDirectory, broker: broker,
                topology: daemonConfig.topology, changes: service.changes, operations: operations, access: access, tasks: tasks,
                limits: ListenerSettings.limits(settings), tls: try ListenerSettings.tls(settings), log: log)
            services.append(try await Self.listener("API", server, address: address, logger: logger))
            listening.append("API on \(settings.string("tls.certificate") == nil ? "http" : "https")://\(address)")
        }
        if let address = settings.string("metrics") {
            let (host, port) = try listenAddress(address, what: "metrics")
            let server = try APIServer(
                host: host, port: port, stepFunctions: nil, lambda: nil, operations: operations,
                limits: ListenerSettings.limits(settings), tls: try ListenerSettings.tls(settings), log: log)
            services.append(try await Self.listener("metrics", server, address: address, logger: logger))
            listening.append("metrics on \(settings.string("tls.certificate") == nil ? "http" : "https")://\(address)/metrics")
        }
        if let broker {
            let ingress = StartIngress(
                broker: broker, topology: daemonConfig.topology, rules: rules, service: service, worker: worker, log: log)
            let results = ResultIngress(
                broker: broker, topology: daemonConfig.topology, service: service, batches: batches, roster: roster,
                log: log)
            let callbacks = CallbackIngress(
                broker: broker, topology: daemonConfig.topology, service: service, worker: worker, log: log)
            services.append(.consumer("start queue", logger: logger) { try await ingress.run() })
            services.append(.consumer("result queue", logger: logger) { try await results.run() })
            services.append(.consumer("callback queue", logger: logger) { try await callbacks.run() })
        }
        services.append(
            .shutdownAnnouncer(notifier, logger: logger, what: "stopping intake, finishing tasks in hand") { status.markStopping() })

        status.markReady()
        var metadata: Logger.Metadata = ["database": .string(db), "version": .string(SteplineVersion.current)]
        if let broker { metadata["broker"] = .string("\(broker.endpoint)") }
        for l in listening { log(l) }
        logger.notice("ready", metadata: metadata)
        notifier.ready(status: "ready: " + ([db] + listening).joined(separator: ", "))
        try await ServiceRunner.run(services, grace: grace, logger: logger)
        await broker?.close()
        try? await worker.run { (st) throws(StoreError) in
            try st.renewServiceLease(owner: owner, now: Timestamp(seconds: 0))
        }
        logger.notice("stopped")
    }

    /// The loop that holds the lease, starts executions created by other processes and applies their
    /// requests; each lease renewal that lands pings the watchdog, so a hung store or service stops the
    /// pings. Drained, it lets tasks in hand finish within `grace` and commits.
    static func executionLoop(
        service: DurableService, worker: StoreWorker, owner: String, notifier: SystemdNotifier, grace: Duration,
        pollInterval: Duration, logger: Logger
    ) -> NamedService {
        NamedService("executions") {
            let leaseEvery = min(Duration.seconds(1), notifier.watchdogInterval ?? .seconds(1))
            var lastLease = ContinuousClock.now - leaseEvery
            var lastRequests = ContinuousClock.now
            var failing = false
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let now = ContinuousClock.now
                do {
                    if now - lastLease >= leaseEvery {
                        lastLease = now
                        try await worker.run { (st) throws(StoreError) in
                            try st.renewServiceLease(owner: owner, now: WallClock.now())
                        }
                        notifier.watchdog()
                    }
                    let started = try await service.startPending()
                    if now - lastRequests >= .milliseconds(50) {
                        lastRequests = now
                        try await service.handleRequests()
                    }
                    if failing {
                        failing = false
                        logger.notice("the database answers again")
                    }
                    if started == 0 { try? await Task.sleep(for: pollInterval) }
                } catch {
                    if !failing { logger.error("database: \(error); retrying") }
                    failing = true
                    try? await Task.sleep(nanoseconds: 500_000_000)
                }
            }
            // Draining: the lease and the watchdog go on while tasks in hand finish.
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: leaseEvery)
                        if (try? await worker.run({ (st) throws(StoreError) in
                            try st.renewServiceLease(owner: owner, now: WallClock.now())
                        })) != nil {
                            notifier.watchdog()
                        }
                    }
                }
                await service.drain(grace: grace)
                group.cancelAll()
            }
            logger.notice("drained: everything in hand is committed")
        }
    }

    /// A listener bound now (so READY=1 means it answers), served until the drain, then stopped.
    static func listener(_ name: String, _ server: APIServer, address: String, logger: Logger) async throws -> NamedService {
        let listening = Task { try await server.run() }
        do {
            try await server.waitUntilListening()
        } catch {
            listening.cancel()
            // The listener's own failure (the address is in use…) says more than the wait's timeout.
            var reason = "\(error)"
            if case .failure(let e) = await listening.result, !(e is CancellationError) { reason = "\(e)" }
            throw CLIFailure("cannot serve the \(name) on \(address): \(reason)")
        }
        return NamedService(name) {
            try? await gracefulShutdown()
            await server.stop()
            listening.cancel()
            _ = await listening.result
        }
    }

    /// SIGHUP: reads the configuration again; applies the reloadable settings when it is valid, keeps the
    /// running configuration (and says why) when it is not.
    static func reload(
        configPath: String?, flags: [String: String?], current: borrowing Mutex<EffectiveConfiguration>, logs: LogLevelControl,
        rules: StartRules, tasks: ReloadableTaskRunner, makeTasks: @Sendable (String?) throws -> any TaskRunner,
        store: StoreWorker, notifier: SystemdNotifier, logger: Logger
    ) async {
        notifier.reloading(status: "reloading the configuration")
        defer { notifier.reloaded(status: "ready") }
        do {
            let new = try ServiceConfig.load(configPath, flags: flags)
            let daemonConfig = try DaemonConfig.load(configPath)
            let runner = try makeTasks(configPath)
            let old = current.withLock { $0 }
            let changed = new.reloadableChanges(from: old)
            let ignored = new.restartOnlyChanges(from: old)
            if let level = new.string("log.level").flatMap({ Logger.Level(rawValue: $0) }) { logs.current = level }
            rules.current = daemonConfig.rules
            tasks.replace(runner)
            if let definitions = new.string("definitions") {
                try await DefinitionsFolder.register(definitions, through: store) { logger.info("\($0)") }
            }
            current.withLock { $0 = new }
            logger.notice(
                "configuration reloaded",
                metadata: ["changed": .array(changed.map { .string($0) }), "rules": "\(daemonConfig.rules.count)"])
            if !ignored.isEmpty {
                logger.warning(
                    "these settings change only on a restart", metadata: ["settings": .array(ignored.map { .string($0) })])
            }
        } catch {
            logger.error(
                "configuration reload refused; the running configuration stays",
                metadata: ["reason": .string("\(error)")])
        }
    }
}
