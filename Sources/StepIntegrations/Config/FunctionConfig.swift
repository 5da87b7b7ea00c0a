import Foundation
import StepJSON

/// One entry of the config file's `functions`: how a Lambda-shaped function runs here.
///
/// ```json
/// "MyHelloFunction": "lambda_function.lambda_handler"
/// "Resize": {"handler": "src/resize.py", "pool": 4, "timeout": 30, "environment": {"STAGE": "dev"}}
/// "Report": {"command": "./report.sh", "timeout": 120}
/// ```
/// Python handlers: `path/file.py` (entry point `handler`, or `path/file.py:function`), or AWS's handler
/// string `module.function` / `dir/module.function` (the module's file found in `directory`). Keys:
/// `handler` or `command` (one of them), `pool` (warm workers, default 2; 0 starts a process per call),
/// `timeout` (seconds, default 900), `memory` (MB, reported to the handler, default 128),
/// `environment`, `python` (the interpreter, default `python3`), `directory` (the code directory and
/// the command's working directory; default the handler file's directory, or the config file's),
/// `module` (the name the file is imported as and shown as in stack traces, `/var/task/<module>.py`)
/// and `entry` (the function to call).
public struct FunctionConfig: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case python(file: String, module: String, entry: String)
        case command(String)
    }

    public var kind: Kind
    /// The handler as written (`_HANDLER` for the runtime).
    public var handlerText: String
    public var directory: String
    public var poolSize: Int
    public var timeoutSeconds: Double
    public var memorySize: Int
    public var environment: [String: String]
    public var interpreter: String

    public static let defaultPoolSize = 2
    public static let defaultTimeout = 900.0

    public init(
        kind: Kind, handlerText: String, directory: String, poolSize: Int = FunctionConfig.defaultPoolSize,
        timeoutSeconds: Double = FunctionConfig.defaultTimeout, memorySize: Int = 128, environment: [String: String] = [:],
        interpreter: String = "python3"
    ) {
        self.kind = kind
        self.handlerText = handlerText
        self.directory = directory
        self.poolSize = poolSize
        self.timeoutSeconds = timeoutSeconds
        self.memorySize = memorySize
        self.environment = environment
        self.interpreter = interpreter
    }

    /// An entry of the `functions` object: a handler string or an object.
    public static func parse(_ value: JSON, key: String, configDirectory: String) throws(ConfigError) -> FunctionConfig {
        func fail(_ m: String) -> ConfigError { ConfigError("functions.\(key): \(m)") }
        switch value {
        case .string(let handler):
            return try python(handler, directory: nil, configDirectory: configDirectory, module: nil, entry: nil, key: key)
        case .object(let o):
            let known: Set = ["handler", "command", "pool", "timeout", "memory", "environment", "python", "directory", "module", "entry"]
            if let unknown = o.keys.first(where: { !known.contains($0) }) { throw fail("unknown key '\(unknown)'") }
            func string(_ k: String) throws(ConfigError) -> String? {
                guard let v = o[k] else { return nil }
                guard let s = v.stringValue, !s.isEmpty else { throw fail("'\(k)' must be a non-empty string") }
                return s
            }
            func number(_ k: String, minimum: Double) throws(ConfigError) -> Double? {
                guard let v = o[k] else { return nil }
                guard let d = v.doubleValue, d >= minimum, d.isFinite else {
                    throw fail("'\(k)' must be a number of at least \(minimum)")
                }
                return d
            }
            let directory = try string("directory").map { ConfigPath.resolve($0, in: configDirectory) }
            var config: FunctionConfig
            switch (try string("handler"), try string("command")) {
            case (let h?, nil):
                config = try python(
                    h, directory: directory, configDirectory: configDirectory, module: try string("module"),
                    entry: try string("entry"), key: key)
            case (nil, let c?):
                config = FunctionConfig(kind: .command(c), handlerText: c, directory: directory ?? configDirectory)
            case (nil, nil): throw fail("give a 'handler' (Python) or a 'command'")
            case (_?, _?): throw fail("give either a 'handler' or a 'command', not both")
            }
            if let pool = try number("pool", minimum: 0) {
                guard pool == pool.rounded(), pool <= 256 else { throw fail("'pool' must be a whole number from 0 to 256") }
                config.poolSize = Int(pool)
            }
            if let t = try number("timeout", minimum: 0.001) { config.timeoutSeconds = min(t, 86_400 * 365) }
            if let m = try number("memory", minimum: 1) { config.memorySize = Int(min(m, 1_048_576)) }
            if let p = try string("python") { config.interpreter = p }
            if let env = o["environment"] {
                guard case .object(let vars) = env else { throw fail("'environment' must be an object of strings") }
                for (k, v) in vars {
                    switch v {
                    case .string(let s): config.environment[k] = s
                    case .int, .double, .bool: config.environment[k] = v.serialized()
                    default: throw fail("environment.\(k) must be a string")
                    }
                }
            }
            return config
        default:
            throw fail("must be a handler string or an object")
        }
    }

    /// A conformance `lambdas.json` entry: the file is deployed as LocalStack deploys it, as
    /// `handler.py` with entry point `handler`.
    public static func deployedFile(_ file: String, key: String, configDirectory: String) throws(ConfigError) -> FunctionConfig {
        if !file.hasSuffix(".py") {
            return try python(file, directory: nil, configDirectory: configDirectory, module: nil, entry: nil, key: key)
        }
        return try python(file, directory: nil, configDirectory: configDirectory, module: "handler", entry: nil, key: key)
    }

    static func python(
        _ handler: String, directory: String?, configDirectory: String, module: String?, entry: String?, key: String
    ) throws(ConfigError) -> FunctionConfig {
        var file: String
        var moduleName: String
        var function = "handler"
        var codeDirectory: String
        if let range = handler.range(of: ".py", options: .backwards),
            range.upperBound == handler.endIndex || handler[range.upperBound] == ":"
        {
            // path/file.py or path/file.py:function
            file = ConfigPath.resolve(String(handler[..<range.upperBound]), in: directory ?? configDirectory)
            if range.upperBound != handler.endIndex { function = String(handler[handler.index(after: range.upperBound)...]) }
            moduleName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            codeDirectory = directory ?? (file as NSString).deletingLastPathComponent
        } else {
            // AWS's handler string: module.function, dir/module.function, package.module.function
            guard let dot = handler.lastIndex(of: "."), dot != handler.startIndex, handler.index(after: dot) != handler.endIndex
            else {
                throw ConfigError(
                    "functions.\(key): the handler '\(handler)' is neither a .py file nor 'module.function'")
            }
            let modulePath = String(handler[..<dot])
            function = String(handler[handler.index(after: dot)...])
            codeDirectory = directory ?? configDirectory
            if modulePath.contains("/") {
                file = ConfigPath.resolve(modulePath + ".py", in: codeDirectory)
                moduleName = (modulePath as NSString).lastPathComponent
            } else {
                file = ConfigPath.resolve(modulePath.replacingOccurrences(of: ".", with: "/") + ".py", in: codeDirectory)
                moduleName = modulePath
            }
        }
        if let module { moduleName = module }
        if let entry { function = entry }
        guard ConfigPath.exists(file) else {
            throw ConfigError("functions.\(key): the handler file '\(file)' does not exist")
        }
        return FunctionConfig(
            kind: .python(file: file, module: moduleName, entry: function), handlerText: handler,
            directory: codeDirectory)
    }
}
