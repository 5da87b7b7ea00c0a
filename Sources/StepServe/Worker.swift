import Foundation
import Logging
import ServiceLifecycle
import StepAPI
import StepAMQPBroker
import StepDaemon
import StepJSON
import StepOperations
import StepRuntime
import StepService
import StepSettings
import Synchronization

/// `stepline worker` put together: connects to the broker, then runs Task jobs (and batches of a
/// Distributed Map's children) in one `ServiceGroup` until SIGTERM drains it; it holds no database.
///
/// Like `Daemon`, a `Service`: run in a `ServiceGroup` of one's own, it drains when that group shuts down.
public struct Worker: Service {
    let settings: EffectiveConfiguration
    let configPath: String?
    let flags: [String: String?]

    /// `settings`: the effective configuration (`ServiceConfig.load(configPath, flags: flags)`); the file
    /// and the flags are read again on SIGHUP.
    public init(settings: EffectiveConfiguration, configPath: String?, flags: [String: String?]) {
        self.settings = settings
        self.configPath = configPath
        self.flags = flags
    }

    /// Runs until drained; a `CLIFailure` says why it could not start (the command exits 2 with it).
    public func run() async throws {
        guard let url = settings.string("amqpURL") else {
            throw CLIFailure("--amqp-url URL is required (or amqpURL in the configuration, or STEPLINE_AMQP_URL)")
        }
        let (logs, registry) = ProcessSetup.bootstrap(level: settings.string("log.level"), format: settings.string("log.format"))
        let logger = Logger(label: "stepline.worker")
        let log: @Sendable (String) -> Void = { logger.notice("\($0)") }
        let notifier = SystemdNotifier()
        let concurrency = settings.int("worker.concurrency") ?? 8
        let workerName = settings.string("worker.name") ?? SteplineHost.processName
        let grace = Duration.milliseconds(Int((settings.seconds("drain.gracePeriod") ?? 30) * 1000))
        let functions = settings.string("functionsDirectory")
        let daemonConfig = try DaemonConfig.load(configPath)
        let broker = try AMQPBroker(url: url, topology: daemonConfig.topology)
        let tasks = ReloadableTaskRunner(
            try daemonConfig.workerTaskRunner(broker, configPath: configPath, functionsDirectory: functions))
        let loop = WorkerLoop(
            broker: broker, topology: daemonConfig.topology, tasks: tasks, concurrency: concurrency,
            prefetch: settings.int("worker.prefetch"), name: workerName, log: log)
        notifier.status("connecting to the broker")
        await broker.connect(log: log)
        let status = ServiceStatus(role: "worker", database: nil, brokerConfigured: true, logs: logs, roster: nil)
        let operations = OperationsRoutes(metrics: { registry.emitToString() }, status: { status.json().serialized() })

        var services: [NamedService] = []
        // First in the list, so told last: the watchdog goes on while the jobs in hand finish.
        let pingEvery = min(Duration.seconds(5), notifier.watchdogInterval ?? .seconds(5))
        let lastHeartbeat = Mutex(ContinuousClock.now - .seconds(60))
        services.append(
            .periodic("watchdog", every: pingEvery) {
                var s = ServiceStatus.Snapshot()
                await status.sampleBroker(broker, into: &s)
                // The broker client's thread answered: the worker is not hung (a broker outage is not
                // a hang; the client reconnects by itself).
                notifier.watchdog()
                status.snapshot.withLock {
                    $0.brokerConnected = s.brokerConnected; $0.reconnects = s.reconnects
                }
                status.workerInfo.withLock {
                    $0 = ["name": .string(workerName), "concurrency": .int(concurrency), "jobsInHand": .int(loop.jobsInHand)]
                }
                let due = lastHeartbeat.withLock { last -> Bool in
                    guard ContinuousClock.now - last >= .seconds(15) else { return false }
                    last = ContinuousClock.now
                    return true
                }
                if due, s.brokerConnected { try? await loop.heartbeat(jobsInFlight: loop.jobsInHand) }
            })
        services.append(
            NamedService("jobs") {
                let drain = DrainSignal()
                await withGracefulShutdownHandler {
                    while !drain.isTriggered {
                        do {
                            if try await loop.run(drain: drain, grace: grace) { break }
                        } catch {
                            if drain.isTriggered { break }
                            logger.warning("job queue: \(error); resuming")
                            try? await Task.sleep(nanoseconds: 500_000_000)
                        }
                    }
                } onGracefulShutdown: {
                    drain.trigger()
                }
                logger.notice("drained: no job in hand")
            })
        let current = Mutex(settings)
        services.append(
            .reloader(logger: logger) {
                notifier.reloading(status: "reloading the configuration")
                defer { notifier.reloaded(status: "ready") }
                do {
                    let new = try ServiceConfig.load(configPath, flags: flags)
                    let runner = try DaemonConfig.load(configPath).workerTaskRunner(
                        broker, configPath: configPath, functionsDirectory: new.string("functionsDirectory"))
                    if let level = new.string("log.level").flatMap({ Logger.Level(rawValue: $0) }) { logs.current = level }
                    tasks.replace(runner)
                    let changed = new.reloadableChanges(from: current.withLock { $0 })
                    current.withLock { $0 = new }
                    logger.notice("configuration reloaded", metadata: ["changed": .array(changed.map { .string($0) })])
                } catch {
                    logger.error(
                        "configuration reload refused; the running configuration stays",
                        metadata: ["reason": .string("\(error)")])
                }
            })
        if let address = settings.string("worker.metrics") {
            let (host, port) = try listenAddress(address, what: "--metrics")
            let server = try APIServer(
                host: host, port: port, stepFunctions: nil, lambda: nil, operations: operations,
                limits: ListenerSettings.limits(settings), tls: try ListenerSettings.tls(settings), log: log)
            services.append(try await Daemon.listener("metrics", server, address: address, logger: logger))
        }
        services.append(.shutdownAnnouncer(notifier, logger: logger, what: "finishing the jobs in hand") { status.markStopping() })
        status.markReady()
        logger.notice(
            "ready",
            metadata: ["worker": .string(workerName), "concurrency": "\(concurrency)", "version": .string(SteplineVersion.current)])
        notifier.ready(status: "ready: \(workerName), \(concurrency) at a time")
        try await ServiceRunner.run(services, grace: grace, logger: logger)
        await broker.close()
        logger.notice("stopped")
    }
}

/// This process's default name: `HOST:PID`.
enum SteplineHost {
    static var processName: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }
}
