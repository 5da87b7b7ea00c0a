import StepJSON

/// One setting of the service's configuration: where it sits in the file, what it may hold, its default,
/// the environment variable that overrides it, and whether SIGHUP can change it while the service runs.
public struct Setting: Sendable {
    /// What a setting may hold; the checker names the kind in its messages ("expected a positive integer").
    public enum Kind: Sendable, Equatable {
        case string
        /// A file or folder; a relative path in a file is relative to that file's folder.
        case path
        /// `HOST:PORT`.
        case address
        case url
        case positiveInteger
        /// A duration or size in seconds, zero or more.
        case seconds
        case choice([String])
        case boolean
        /// A section whose members are other settings.
        case section
        /// An object whose keys the user chooses (function names, bucket names…), checked by its own reader.
        case map
        case list

        var expectation: String {
            switch self {
            case .string: return "a string"
            case .path: return "a path"
            case .address: return "HOST:PORT"
            case .url: return "a URL"
            case .positiveInteger: return "a positive integer"
            case .seconds: return "a number of seconds (0 or more)"
            case .choice(let options): return "one of " + options.joined(separator: ", ")
            case .boolean: return "true or false"
            case .section, .map: return "a mapping"
            case .list: return "a list"
            }
        }
    }

    /// The dotted path in the file: `worker.concurrency`.
    public var path: String
    public var kind: Kind
    /// The value when nothing sets it; `nil` when unset means "off" (no API, no broker…).
    public var defaultValue: JSON?
    /// One line for `config show` and the example file.
    public var summary: String
    /// Changed by SIGHUP without a restart.
    public var reloadable: Bool
    /// Masked by `config show`, and may be read from a file (`amqpURLFile`, `STEPLINE_AMQP_URL_FILE`).
    public var secret: Bool

    public init(
        _ path: String, _ kind: Kind, default defaultValue: JSON? = nil, reloadable: Bool = false, secret: Bool = false,
        _ summary: String
    ) {
        self.path = path
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
        self.reloadable = reloadable
        self.secret = secret
    }

    /// `STEPLINE_` and the path in upper snake case: `worker.concurrency` → `STEPLINE_WORKER_CONCURRENCY`,
    /// `amqpURL` → `STEPLINE_AMQP_URL`.
    public var environmentVariable: String {
        var out = "STEPLINE_"
        var previousLower = false
        for ch in path {
            if ch == "." {
                out.append("_")
                previousLower = false
            } else if ch.isUppercase {
                if previousLower { out.append("_") }
                out.append(ch)
                previousLower = false
            } else {
                out += ch.uppercased()
                previousLower = true
            }
        }
        return out
    }

    /// The key that holds the name of a file to read a secret from: `amqpURL` → `amqpURLFile`.
    public var fileKey: String { (path.split(separator: ".").last.map(String.init) ?? path) + "File" }
}
