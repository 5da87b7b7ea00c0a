import StepJSON

/// Every setting of `stepline serve` and `stepline worker`, in the order `config show` and the example file
/// list them. The sections whose keys the user chooses (`functions`, `buckets`…) are read by their own
/// readers; this table says only that they are mappings.
public enum SettingsSchema {
    public static let settings: [Setting] = [
        Setting("db", .path, "The SQLite database (created on first start)."),
        Setting("synchronous", .choice(["normal", "full"]), default: "normal", "SQLite's synchronous setting."),
        Setting("busyTimeout", .seconds, default: 5, "How long to wait for a database locked by another process."),
        Setting("amqpURL", .url, secret: true, "The RabbitMQ broker (amqp://user:pass@host:5672/vhost); unset: no broker."),
        Setting("api", .address, "Serve the AWS API (Step Functions, Lambda) and /metrics on HOST:PORT; unset: no API."),
        Setting("metrics", .address, "Serve /metrics and /status on HOST:PORT of their own."),
        Setting(
            "credentials", .path,
            "The API's keys and their policies, ~/.aws/credentials format, mode 0600 (default: DB.credentials, generated on first start)."),
        Setting("listener", .section, "Limits of the API's (and the metrics address's) HTTP listener."),
        Setting(
            "listener.maxConnections", .positiveInteger, default: 4096,
            "Open connections in all; past them a new one is answered 503 ThrottlingException and closed."),
        Setting(
            "listener.maxConnectionsPerClient", .positiveInteger, default: 512,
            "Open connections from one IP address; past them as above."),
        Setting(
            "listener.headerTimeout", .seconds, default: 10,
            "How long a request's head may take to arrive, from its first byte (or from connecting)."),
        Setting(
            "listener.requestTimeout", .seconds, default: 60,
            "How long a whole request (head and body) may take to arrive."),
        Setting("listener.idleTimeout", .seconds, default: 60, "How long a kept-alive connection may wait for its next request."),
        Setting(
            "listener.maxBodyBytes", .positiveInteger, default: 8_388_608,
            "The largest request body (70 MiB for Lambda code uploads when they are allowed); a larger one is refused with 413 from its Content-Length."
        ),
        Setting(
            "listener.maxBufferedBodyBytes", .positiveInteger, default: 268_435_456,
            "The request bodies being received at once on all connections together; a body that would pass it is answered 503 ThrottlingException."
        ),
        Setting("tls", .section, "HTTPS on the API and metrics listeners (unset: plain HTTP; or put nginx in front)."),
        Setting("tls.certificate", .path, "The certificate chain, PEM, the server's own first."),
        Setting("tls.key", .path, secret: true, "The private key, PEM."),
        Setting("lambda", .section, "The Lambda API."),
        Setting(
            "lambda.allowUpload", .boolean, default: false,
            "Allow CreateFunction and UpdateFunctionCode: uploaded code runs as the service's user."),
        Setting("region", .string, default: "us-east-1", "The region in the ARNs this service makes."),
        Setting("account", .string, default: "111111111111", "The account in the ARNs this service makes."),
        Setting("definitions", .path, reloadable: true, "A folder of NAME.asl.json definitions registered on start and on reload."),
        Setting(
            "functionsDirectory", .path, reloadable: true, "Where functions uploaded through the Lambda API live (default: DB.functions)."),
        Setting("pollInterval", .seconds, default: 0.01, "How often serve looks for executions started by other processes."),
        Setting("log", .section, "Logging."),
        Setting(
            "log.level", .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]),
            default: "info", reloadable: true, "The least severe level written."),
        Setting(
            "log.format", .choice(["auto", "human", "json"]), default: "auto",
            "human on a terminal, JSON lines otherwise (auto), or either always."),
        Setting("worker", .section, "`stepline worker`."),
        Setting("worker.name", .string, "The worker's name in logs, metrics and status (default: HOST:PID)."),
        Setting("worker.concurrency", .positiveInteger, default: 8, "Jobs run at once."),
        Setting("worker.prefetch", .positiveInteger, "Jobs taken from the broker ahead of running them (default: concurrency)."),
        Setting("worker.metrics", .address, "The worker's own /metrics on HOST:PORT."),
        Setting("drain", .section, "What SIGTERM does."),
        Setting(
            "drain.gracePeriod", .seconds, default: 30,
            "How long jobs in hand may run on after SIGTERM before they are handed back to the broker."),
        Setting("queues", .section, "Queue and exchange names on the broker."),
        Setting("queues.start", .string, default: "stepline.start", "StartExecution requests and events."),
        Setting("queues.deadLetter", .string, default: "stepline.dead", "Messages that cannot be understood."),
        Setting("queues.events", .string, default: "stepline.events", "Status-change events (a topic exchange)."),
        Setting("queues.jobs", .string, default: "stepline.jobs", "Task jobs for the workers."),
        Setting("queues.results", .string, default: "stepline.results", "The workers' answers."),
        Setting("queues.callbacks", .string, default: "stepline.callbacks", "Task-token callbacks."),
        Setting("queues.activityPrefix", .string, default: "stepline.activity.", "Each activity's queue: this and its name."),
        Setting(
            "rules", .list, reloadable: true,
            "EventBridge-style rules: [{name, eventPattern, stateMachine}] routing events on the start queue."),
        Setting("tasks", .map, reloadable: true, "Task resource → shell command (JSON on stdin and stdout)."),
        Setting("functions", .map, reloadable: true, "Lambda function name or ARN → Python handler or command."),
        Setting("connections", .map, reloadable: true, "EventBridge connections for HTTP Tasks, by name or ARN."),
        Setting("buckets", .map, "Bucket name → local folder, for ItemReader and ResultWriter."),
        Setting("bucketRoot", .path, "A folder whose subfolders are buckets of their own name."),
        Setting(
            "allowAbsoluteBuckets", .boolean, default: false,
            "Let a Bucket be any absolute folder the service can read (definitions sent over the API included)."),
        Setting("messaging", .section, "SQS, SNS and EventBridge targets of Task states, as broker queues and exchanges."),
        Setting("messaging.queues", .map, "Queue URL or name → broker queue."),
        Setting("messaging.topics", .map, "Topic ARN or event bus → broker exchange."),
    ]

    static let byPath: [String: Setting] = Dictionary(uniqueKeysWithValues: settings.map { ($0.path, $0) })

    /// The setting at a dotted path.
    public static func setting(_ path: String) -> Setting? { byPath[path] }

    /// The settings directly inside a section (`""` for the top level).
    static func children(of section: String) -> [Setting] {
        settings.filter { s in
            guard let dot = s.path.lastIndex(of: ".") else { return section.isEmpty }
            return String(s.path[..<dot]) == section
        }
    }

    /// The keys a section accepts besides its settings: each secret's `…File` form.
    static func keys(of section: String) -> [String] {
        let children = children(of: section)
        return children.map { $0.path.split(separator: ".").last.map(String.init) ?? $0.path }
            + children.filter(\.secret).map(\.fileKey)
    }
}
