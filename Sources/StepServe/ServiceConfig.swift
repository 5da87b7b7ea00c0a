import Foundation
import StepSettings

/// Loads the configuration in force for a command: the file (`--config`, else `$STEPLINE_CONFIG`), the
/// environment's `STEPLINE_…` variables, and the command's flags, in rising precedence. Every problem is
/// a `CLIFailure` (exit code 2) naming the line and the setting.
public enum ServiceConfig {
    /// The file named by `--config`, else by `STEPLINE_CONFIG`.
    public static func path(_ flag: String?) -> String? {
        flag ?? ProcessInfo.processInfo.environment["STEPLINE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static func load(_ path: String?, flags: [String: String?] = [:]) throws -> EffectiveConfiguration {
        do {
            return try EffectiveConfiguration.load(file: path, flags: flags.compactMapValues { $0 })
        } catch {
            throw CLIFailure("the configuration is not valid:\n" + error.description)
        }
    }

    /// `--set PATH=VALUE` flags as settings (`worker.concurrency=4`, `queues.start=orders.start`).
    public static func overrides(_ pairs: [String]) throws -> [String: String?] {
        var out: [String: String?] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw CLIFailure("--set expects PATH=VALUE, e.g. worker.concurrency=4; got '\(pair)'")
            }
            out[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        return out
    }
}
