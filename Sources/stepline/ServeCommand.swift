import ArgumentParser
import Foundation
import StepServe

/// `stepline serve`: the durable service, with an in-process queue or RabbitMQ, as a systemd service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the durable service: resume open executions, start new ones, fire timers, run tasks.",
        discussion: """
            Settings come from the configuration file (--config, else $STEPLINE_CONFIG), then STEPLINE_… \
            environment variables, then these flags. Under systemd (Type=notify) it reports READY=1 once the \
            database, the broker and the API are up, pings the watchdog, and on SIGTERM stops taking work, \
            lets tasks in hand finish within the grace period, commits and exits. SIGHUP reloads the log level, \
            rules, functions, tasks, connections and definitions.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "How often to look for executions started by other processes, in milliseconds (default 10).")
    var pollInterval: Int?
    @Option(
        name: .customLong("amqp-url"),
        help: "Take StartExecution messages from RabbitMQ and run tasks on `stepline worker`s (amqp://user:pass@host:5672/vhost).")
    var amqpURL: String?
    @Option(help: "A folder of NAME.asl.json definitions to register (or update) on start and on reload.")
    var definitions: String?
    @Option(help: "Serve the AWS API (Step Functions and Lambda), /metrics and /status on HOST:PORT, e.g. 127.0.0.1:8083.")
    var api: String?
    @Option(help: "Serve /metrics and /status on HOST:PORT of their own, e.g. 127.0.0.1:9464.")
    var metrics: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info (default), notice, warning, error or critical.")
    var logLevel: String?
    @Option(name: .customLong("log-format"), help: "auto (default: human on a terminal, else JSON lines), human or json.")
    var logFormat: String?
    @Option(
        name: .customLong("set"),
        help:
            "Any setting of the configuration, PATH=VALUE (e.g. queues.start=orders.start); repeatable; beats the file and the environment."
    )
    var overrides: [String] = []
    @Option(name: .customLong("grace-period"), help: "Seconds tasks in hand may run on after SIGTERM (default 30).")
    var gracePeriod: Double?
    @Option(help: "The API's keys and policies (~/.aws/credentials format, mode 0600; default DB.credentials, generated on first start).")
    var credentials: String?
    @Flag(name: .customLong("no-auth"), help: "Serve the API without checking signatures (for tests only; logged loudly).")
    var noAuth = false

    /// The flags as settings, for the configuration's precedence (flag > environment > file).
    var flags: [String: String?] {
        [
            "db": store.database, "amqpURL": amqpURL, "definitions": definitions, "api": api, "metrics": metrics,
            "log.level": logLevel, "log.format": logFormat, "drain.gracePeriod": gracePeriod.map { "\($0)" },
            "pollInterval": pollInterval.map { "\(Double($0) / 1000)" },
            "synchronous": store.synchronous == "normal" ? nil : store.synchronous,
            "busyTimeout": store.busyTimeout == 5 ? nil : "\(store.busyTimeout)", "credentials": credentials,
        ]
    }

    func run() async throws {
        try await clientCommand {
            let path = ServiceConfig.path(store.config)
            let flags = self.flags.merging(try ServiceConfig.overrides(overrides)) { named, set in named ?? set }
            let settings = try ServiceConfig.load(path, flags: flags)
            try await Daemon(settings: settings, configPath: path, flags: flags, noAuth: noAuth).run()
        }
    }
}
