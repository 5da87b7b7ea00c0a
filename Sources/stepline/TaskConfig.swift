import Foundation
import StepIntegrations
import StepJSON
import StepRuntime

/// The task runner of `--config FILE` and `--task RESOURCE=COMMAND` (see `StepConfig` for the file's forms).
enum TaskConfig {
    /// `.waitForTaskToken` resources answer with `TaskSubmitted` and wait for their callback.
    static func runner(configPath: String?, extra: [String]) throws -> any TaskRunner {
        CallbackTaskRunner(try configured(configPath: configPath, extra: extra))
    }

    static func configured(configPath: String?, extra: [String]) throws -> ConfiguredTaskRunner {
        var config = StepConfig(directory: FileManager.default.currentDirectoryPath)
        if let configPath {
            do {
                config = try StepConfig.load(configPath)
            } catch {
                throw CLIFailure(error.message)
            }
        }
        var commands: [String: String] = [:]
        for spec in extra {
            guard let eq = spec.firstIndex(of: "=") else { throw CLIFailure("--task expects RESOURCE=COMMAND") }
            commands[String(spec[..<eq])] = String(spec[spec.index(after: eq)...])
        }
        return config.taskRunner(extraTasks: commands)
    }
}
