import ArgumentParser
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
import Synchronization

/// `stepline worker`: runs jobs from the broker; holds no database, so it can run wherever the broker is reachable.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run Task jobs from RabbitMQ for a `stepline serve`; needs only the broker.",
        discussion: """
            On SIGTERM it stops taking jobs, lets those in hand finish within the grace period and hands the \
            rest back to the broker, which gives them to another worker. Under systemd (Type=notify) it reports \
            READY=1 once connected and pings the watchdog while its broker client answers. SIGHUP reloads the \
            log level, functions, tasks and connections.
            """)

    @Option(name: .customLong("amqp-url"), help: "The broker (amqp://user:pass@host:5672/vhost; default: amqpURL in the configuration).")
    var amqpURL: String?
    @Option(help: "How many jobs to run at once (default 8).") var concurrency: Int?
    @Option(help: "How many jobs to take from the broker ahead of running them (default: concurrency).") var prefetch: Int?
    @Option(help: "The configuration file (YAML or JSON); default $STEPLINE_CONFIG.") var config: String?
    @Option(
        name: .customLong("functions-dir"),
        help: "The folder of functions uploaded through `serve --api` (shared with it), when the configuration names none.")
    var functionsDirectory: String?
    @Option(help: "This worker's name in logs and in the daemon's status (default HOST:PID).") var name: String?
    @Option(help: "Serve this worker's /metrics and /status on HOST:PORT, e.g. 127.0.0.1:9465.") var metrics: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info (default), notice, warning, error or critical.")
    var logLevel: String?
    @Option(name: .customLong("log-format"), help: "auto (default), human or json.") var logFormat: String?
    @Option(
        name: .customLong("set"),
        help:
            "Any setting of the configuration, PATH=VALUE (e.g. queues.start=orders.start); repeatable; beats the file and the environment."
    )
    var overrides: [String] = []
    @Option(name: .customLong("grace-period"), help: "Seconds jobs in hand may run on after SIGTERM (default 30).")
    var gracePeriod: Double?

    var flags: [String: String?] {
        [
            "amqpURL": amqpURL, "worker.concurrency": concurrency.map { "\($0)" }, "worker.prefetch": prefetch.map { "\($0)" },
            "worker.name": name, "worker.metrics": metrics, "functionsDirectory": functionsDirectory,
            "log.level": logLevel, "log.format": logFormat, "drain.gracePeriod": gracePeriod.map { "\($0)" },
        ]
    }

    func run() async throws {
        try await clientCommand {
            let path = ServiceConfig.path(config)
            let flags = self.flags.merging(try ServiceConfig.overrides(overrides)) { named, set in named ?? set }
            let settings = try ServiceConfig.load(path, flags: flags)
            guard let url = settings.string("amqpURL") else {
                throw CLIFailure("--amqp-url URL is required (or amqpURL in the configuration, or STEPLINE_AMQP_URL)")
            }
            let logs = ProcessLogging.bootstrap(level: settings.string("log.level"), format: settings.string("log.format"))
            let registry = ProcessMetrics.bootstrap()
            let logger = Logger(label: "stepline.worker")
            let log: @Sendable (String) -> Void = { logger.notice("\($0)") }
            let notifier = SystemdNotifier()
            let concurrency = settings.int("worker.concurrency") ?? 8
            let workerName = settings.string("worker.name") ?? SteplineHost.processName
            let grace = Duration.milliseconds(Int((settings.seconds("drain.gracePeriod") ?? 30) * 1000))
            let functions = settings.string("functionsDirectory")
            let daemonConfig = try DaemonConfig.load(path)
            let broker = try AMQPBroker(url: url, topology: daemonConfig.topology)
            let tasks = ReloadableTaskRunner(
                try daemonConfig.workerTaskRunner(broker, configPath: path, functionsDirectory: functions))
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
                        let new = try ServiceConfig.load(path, flags: flags)
                        let runner = try DaemonConfig.load(path).workerTaskRunner(
                            broker, configPath: path, functionsDirectory: new.string("functionsDirectory"))
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
                services.append(try await ServeDaemon.listener("metrics", server, address: address, logger: logger))
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
}

/// This process's default name: `HOST:PID`.
enum SteplineHost {
    static var processName: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }
}
