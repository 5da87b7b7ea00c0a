import ArgumentParser
import Foundation
import StepAuth
import StepJSON
import StepServe
import StepSettings

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `stepline status`: a running daemon's (or worker's) health, from its `/status`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print a running daemon's health: version, uptime, readiness, database, broker, executions, workers.",
        discussion:
            "Asks GET /status of --api URL, else of the configuration's metrics or api address. Exits 1 when it does not answer or is not ready."
    )

    @Option(help: "The daemon's API or metrics URL, e.g. http://127.0.0.1:8083.") var api: String?
    @Option(help: "The configuration file (default $STEPLINE_CONFIG).") var config: String?
    @Flag(help: "Print the status as JSON.") var json = false
    @Option(help: "Sign the request with a key of this credentials file (needed on the API port; the metrics address answers unsigned).")
    var credentials: String?
    @Option(help: "The profile of --credentials to sign with.") var profile = "default"

    func run() async throws {
        try await withUsageErrors {
            var base = api
            let settings = try ServiceConfig.load(ServiceConfig.path(config))
            if base == nil {
                base = (settings.string("metrics") ?? settings.string("api")).map { "http://\($0)" }
            }
            guard var base else { throw CLIFailure("--api URL is required (or api or metrics in the configuration)") }
            if !base.contains("://") { base = "http://" + base }
            while base.hasSuffix("/") { base.removeLast() }
            guard let url = URL(string: base + "/status") else { throw CLIFailure("not a URL: \(base)") }
            var request = URLRequest(url: url)
            request.timeoutInterval = 5
            if let key = try signingKey(settings) {
                var signed = SigV4Request(
                    method: "GET", path: url.path.isEmpty ? "/" : url.path, query: "",
                    headers: [("Host", url.port.map { "\(url.host ?? ""):\($0)" } ?? (url.host ?? ""))], body: [])
                SigV4.sign(
                    &signed, accessKey: key.accessKey, secret: key.secret, region: settings.string("region") ?? "us-east-1",
                    service: "states")
                for (name, value) in signed.headers where name != "Host" { request.setValue(value, forHTTPHeaderField: name) }
            }
            let data: Data
            do {
                (data, _) = try await URLSession.shared.data(for: request)
            } catch {
                printError("stepline: no answer from \(url): \(error.localizedDescription)")
                throw ExitCode(1)
            }
            guard let status = try? JSON(parsing: [UInt8](data)), status["__type"] == nil else {
                if let refusal = try? JSON(parsing: [UInt8](data)), let type = refusal["__type"]?.stringValue {
                    printError("stepline: \(url) refused the request: \(type): \(refusal["message"]?.stringValue ?? "")")
                    throw ExitCode(1)
                }
                printError("stepline: \(url) did not answer with a status")
                throw ExitCode(1)
            }
            print(json ? status.prettySerialized() : Self.text(status))
            if status["ready"]?.boolValue != true { throw ExitCode(1) }
        }
    }

    /// The key to sign with: `--credentials` (or the configuration's `credentials`), or AWS's environment variables.
    func signingKey(_ settings: EffectiveConfiguration) throws -> (accessKey: String, secret: String)? {
        let env = ProcessInfo.processInfo.environment
        if credentials == nil, let id = env["AWS_ACCESS_KEY_ID"], let secret = env["AWS_SECRET_ACCESS_KEY"] { return (id, secret) }
        guard let path = credentials ?? settings.string("credentials") else { return nil }
        do {
            let file = try CredentialsFile.load(path)
            guard let key = file.keys.values.first(where: { $0.profile == profile }) else {
                throw CLIFailure("no profile [\(profile)] in \(path)")
            }
            return (key.accessKey, key.secret)
        } catch let e as CLIFailure {
            throw e
        } catch {
            throw CLIFailure("\(error)")
        }
    }

    /// A few lines for a person.
    static func text(_ s: JSON) -> String {
        var lines: [String] = []
        let uptime = s["uptimeSeconds"]?.intValue ?? 0
        lines.append(
            "stepline \(s["role"]?.stringValue ?? "?") \(s["version"]?.stringValue ?? "") (pid \(s["pid"]?.intValue ?? 0)): "
                + (s["ready"]?.boolValue == true ? "ready" : "NOT READY") + ", up \(duration(uptime))")
        if let db = s["database"], case .object = db {
            let size = db["sizeBytes"]?.intValue ?? 0
            var line = "database: \(db["path"]?.stringValue ?? "") (\(size / 1024) KiB)"
            if let e = db["error"]?.stringValue { line += ", FAILING: \(e)" }
            lines.append(line)
        }
        if let b = s["broker"], case .object = b {
            lines.append(
                "broker: " + (b["connected"]?.boolValue == true ? "connected" : "DISCONNECTED")
                    + ", \(b["reconnects"]?.intValue ?? 0) reconnects")
        } else {
            lines.append("broker: none (in-process queue)")
        }
        if case .object(let e)? = s["executions"] {
            let parts = e.map { "\($0.value.intValue ?? 0) \($0.key.lowercased())" }
            lines.append("executions: " + (parts.isEmpty ? "none" : parts.joined(separator: ", ")))
            lines.append(
                "timers pending: \(s["timersPending"]?.intValue ?? 0), tasks pending: \(s["tasksPending"]?.intValue ?? 0), "
                    + "jobs on workers: \(s["jobsInFlight"]?.intValue ?? 0)")
        }
        if case .array(let workers)? = s["workers"] {
            let names = workers.map { "\($0["name"]?.stringValue ?? "?") (\($0["jobsInFlight"]?.intValue ?? 0) jobs)" }
            lines.append("workers seen in the last minute: " + (names.isEmpty ? "none" : names.joined(separator: ", ")))
        }
        if case .object(let w)? = s["worker"] {
            lines.append(
                "worker: \(w["name"]?.stringValue ?? "?"), \(w["jobsInHand"]?.intValue ?? 0) of \(w["concurrency"]?.intValue ?? 0) slots busy"
            )
        }
        if let e = s["lastError"], case .object = e {
            lines.append("last error: \(e["message"]?.stringValue ?? "") (\(e["time"]?.stringValue ?? ""))")
        } else {
            lines.append("last error: none")
        }
        return lines.joined(separator: "\n")
    }

    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(seconds % 60)s" }
        return "\(seconds / 3600)h\(seconds % 3600 / 60)m"
    }
}
