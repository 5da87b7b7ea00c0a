import Foundation
import Logging
import StepJSON
import Synchronization

/// How log lines look: `human` for a terminal, `json` (one object a line) for journald and log shippers.
public enum LogFormat: String, Sendable {
    case human, json

    /// `auto`: human when stderr is a terminal, JSON otherwise (under systemd stderr is journald's socket).
    public static func resolve(_ setting: String?) -> LogFormat {
        switch setting?.lowercased() {
        case "human": return .human
        case "json": return .json
        default: return isatty(STDERR_FILENO) == 1 ? .human : .json
        }
    }
}

/// The level every logger of the process writes at; SIGHUP changes it in place. It also keeps the last
/// warning or error written, for `stepline status`.
public final class LogLevelControl: Sendable {
    let level: Mutex<Logger.Level>
    let problem = Mutex<(time: Date, message: String)?>(nil)
    public init(_ level: Logger.Level) { self.level = Mutex(level) }

    /// The last line at warning level or above, and when it was written.
    public var lastProblem: (time: Date, message: String)? { problem.withLock { $0 } }
    public var current: Logger.Level {
        get { level.withLock { $0 } }
        set { level.withLock { $0 = newValue } }
    }
}

/// swift-log's handler for the whole process: one line per event on stderr, written with one `write`
/// so that lines from several threads never interleave.
public struct StepLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: LogFormat
    let control: LogLevelControl

    public init(label: String, format: LogFormat, control: LogLevelControl) {
        self.label = label
        self.format = format
        self.control = control
    }

    /// The process-wide level: a change through one logger (or a reload) applies to all.
    public var logLevel: Logger.Level {
        get { control.current }
        set { control.current = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        if event.level >= .warning {
            let text = event.message.description
            control.problem.withLock { $0 = (Date(), text) }
        }
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let extra = event.metadata { all.merge(extra) { $1 } }
        let line =
            format == .json
            ? Self.jsonLine(level: event.level, message: event.message.description, metadata: all, label: label)
            : Self.humanLine(level: event.level, message: event.message.description, metadata: all)
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                guard let base = buffer.baseAddress else { break }
                let n = Glibc.write(STDERR_FILENO, base + offset, buffer.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var tm = tm()
        var seconds = tv.tv_sec
        gmtime_r(&seconds, &tm)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
            tm.tm_sec, Int(tv.tv_usec / 1000))
    }

    static func humanLine(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var line = "\(timestamp()) \(level.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(message)"
        for key in metadata.keys.sorted() {
            line += " \(key)=\(metadata[key].map { "\($0)" } ?? "")"
        }
        return line
    }

    static func jsonLine(level: Logger.Level, message: String, metadata: Logger.Metadata, label: String) -> String {
        var line = "{\"time\":\"\(timestamp())\",\"level\":\"\(level.rawValue)\",\"logger\":\(quoted(label)),\"message\":\(quoted(message))"
        for key in metadata.keys.sorted() {
            line += ",\(quoted(key)):\(json(metadata[key] ?? .string("")))"
        }
        return line + "}"
    }

    static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s): return quoted(s)
        case .stringConvertible(let c): return quoted(c.description)
        case .array(let a): return "[" + a.map(json).joined(separator: ",") + "]"
        case .dictionary(let d):
            return "{" + d.keys.sorted().map { "\(quoted($0)):\(json(d[$0] ?? .string("")))" }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal, escaped as StepJSON's printer escapes it.
    static func quoted(_ s: String) -> String { JSON.string(s).serialized() }
}

/// Sets up swift-log for the process once, before any logger is made.
public enum ProcessLogging {
    /// Bootstraps swift-log with `StepLogHandler`; the returned control changes the level later (SIGHUP).
    public static func bootstrap(level: String?, format: String?) -> LogLevelControl {
        let control = LogLevelControl(Logger.Level(rawValue: level?.lowercased() ?? "info") ?? .info)
        let resolved = LogFormat.resolve(format)
        LoggingSystem.bootstrap { label in StepLogHandler(label: label, format: resolved, control: control) }
        return control
    }
}
