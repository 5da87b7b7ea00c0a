import ArgumentParser
import StepServe

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
            try await Worker(settings: settings, configPath: path, flags: flags).run()
        }
    }
}
