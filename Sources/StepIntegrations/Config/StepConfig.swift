import Foundation
import StepJSON
import StepRuntime
import StepSettings

/// The config file given with `--config FILE` (JSON). Either the full form
///
/// ```json
/// {
///   "tasks": {"RESOURCE": "COMMAND"},
///   "functions": {"NAME or ARN": "handler" | {"handler" | "command": …, "pool": 2, "timeout": 60, …}},
///   "connections": {"NAME or ARN": {"authorization": {"type": "API_KEY", …}, "headers": {…}, …}}
/// }
/// ```
/// (other top-level sections are kept in `document` for the integrations that read them), or a flat
/// object of function name → Python file, as the conformance corpus's `lambdas.json` is: each file is
/// deployed as `handler.py` with entry point `handler`. Paths are relative to the config file's directory.
///
/// `tasks` map a Task state's resource (or the name at the end of its ARN) to a shell command that gets
/// the task's input on stdin and answers on stdout; `functions` are Lambda functions, called with
/// Lambda's request and response shapes (see `FunctionConfig`, `LambdaTaskRunner`); `connections` are
/// EventBridge connections for HTTP Tasks (`arn:aws:states:::http:invoke`; see `HttpConnection`).
public struct StepConfig: Sendable {
    public var directory: String
    public var tasks: [String: String]
    public var functions: [(reference: FunctionReference, config: FunctionConfig)]
    public var connections: HttpConnectionTable
    /// The whole file.
    public var document: JSON
    /// Where functions uploaded through the Lambda API live (`functionsDirectory`, relative to the file).
    public var functionsDirectory: String?

    /// The sections of the full form; a file with none of them may be the flat form.
    public static let sections: Set<String> = [
        "tasks", "functions", "connections", "functionsDirectory", "db", "api", "buckets", "bucketRoot", "messaging",
        "queues", "rules", "region", "account",
    ]

    public init(directory: String, tasks: [String: String] = [:], functions: [(FunctionReference, FunctionConfig)] = []) {
        self.directory = directory
        self.tasks = tasks
        self.functions = functions.map { (reference: $0.0, config: $0.1) }
        self.connections = HttpConnectionTable()
        self.document = .object(JSONObject())
    }

    /// Reads and checks a config file (YAML or JSON), with the environment's `STEPLINE_…` overrides applied.
    public static func load(_ path: String) throws(ConfigError) -> StepConfig {
        let effective: EffectiveConfiguration
        do {
            effective = try EffectiveConfiguration.load(file: path)
        } catch {
            throw ConfigError(error.description)
        }
        return try StepConfig(effective.document, directory: effective.directory)
    }

    /// Reads a config document whose relative paths are relative to `directory`.
    public init(_ value: JSON, directory: String) throws(ConfigError) {
        guard case .object(let top) = value else { throw ConfigError("the config file must hold a mapping of settings") }
        self.init(directory: directory)
        document = value
        let flat = ConfigChecker.isFlatFunctionList(value)
        if flat {
            for (name, file) in top {
                guard let reference = FunctionReference(name) else {
                    throw ConfigError("'\(name)' is not a Lambda function name or ARN")
                }
                let path = file.stringValue ?? ""
                functions.append((reference, try FunctionConfig.deployedFile(path, key: name, configDirectory: directory)))
            }
            return
        }
        if let d = top["functionsDirectory"] {
            guard let path = d.stringValue, !path.isEmpty else { throw ConfigError("'functionsDirectory' must be a folder path") }
            functionsDirectory = ConfigPath.resolve(path, in: directory)
        }
        if let t = top["tasks"] {
            guard case .object(let o) = t else { throw ConfigError("'tasks' must be an object of RESOURCE: COMMAND") }
            for (resource, command) in o {
                guard let c = command.stringValue else { throw ConfigError("tasks.\(resource) must be a command string") }
                tasks[resource] = c
            }
        }
        if let f = top["functions"] {
            guard case .object(let o) = f else { throw ConfigError("'functions' must be an object of NAME: HANDLER") }
            for (name, entry) in o {
                guard let reference = FunctionReference(name) else {
                    throw ConfigError("functions.\(name): not a Lambda function name or ARN")
                }
                functions.append((reference, try FunctionConfig.parse(entry, key: name, configDirectory: directory)))
            }
        }
        if let c = top["connections"] {
            guard case .object(let o) = c else { throw ConfigError("'connections' must be an object of NAME: CONNECTION") }
            var table: [String: HttpConnection] = [:]
            for (name, entry) in o { table[name] = try HttpConnection.parse(entry, key: name) }
            connections = HttpConnectionTable(table)
        }
    }

    /// The Lambda runner for the configured functions.
    public func lambdaRunner() -> LambdaTaskRunner {
        LambdaTaskRunner(
            functions: functions.map { $0.config.makeFunction($0.reference) },
            repository: functionsDirectory.map(FunctionRepository.init(directory:)))
    }

    /// The runner for `stepline` commands: `tasks` (and `extraTasks`, which win) first, then the
    /// Lambda functions, then HTTP Tasks with the configured connections, then `fallback`.
    public func taskRunner(extraTasks: [String: String] = [:], fallback: (any TaskRunner)? = nil) -> ConfiguredTaskRunner {
        var commands = tasks
        for (k, v) in extraTasks { commands[k] = v }
        return ConfiguredTaskRunner(
            commands: commands, lambda: lambdaRunner(), http: HttpTaskRunner(connections: connections), fallback: fallback)
    }
}
