import Foundation
import StepJSON
import StepRuntime

/// Reads the task mapping from a config file: `{"tasks": {"RESOURCE": "COMMAND"}}`.
enum TaskConfig {
    static func runner(configPath: String?, extra: [String]) throws -> any TaskRunner {
        var commands: [String: String] = [:]
        if let configPath {
            let value: JSON
            do {
                value = try JSON(parsing: try readFile(configPath, what: "config file"))
            } catch let e as CLIFailure {
                throw e
            } catch {
                throw CLIFailure("the config file is not valid JSON: \(error)")
            }
            if case .object(let tasks)? = value["tasks"] {
                for (k, v) in tasks { if let c = v.stringValue { commands[k] = c } }
            }
        }
        for spec in extra {
            guard let eq = spec.firstIndex(of: "=") else { throw CLIFailure("--task expects RESOURCE=COMMAND") }
            commands[String(spec[..<eq])] = String(spec[spec.index(after: eq)...])
        }
        return CallbackTaskRunner(CommandTaskRunner(commands: commands))
    }
}
