import Foundation
import StepIntegrations
import StepJSON
import StepMapRun
import StepRuntime
import StepService

/// The task runner of `--config FILE` and `--task RESOURCE=COMMAND` (see `StepConfig` for the file's forms).
public enum TaskConfig {
    /// `.waitForTaskToken` resources answer with `TaskSubmitted` and wait for their callback.
    static func runner(configPath: String?, extra: [String], functionsDirectory: String? = nil) throws -> any TaskRunner {
        CallbackTaskRunner(try configured(configPath: configPath, extra: extra, functionsDirectory: functionsDirectory))
    }

    /// `runner`, with Distributed Map runs coordinated and their children run in this process.
    public static func inProcessRunner(
        configPath: String?, extra: [String], observer: (@Sendable (MapRunProgress) async -> Void)? = nil,
        service: ServiceSlot? = nil, functionsDirectory: String? = nil
    ) throws -> any TaskRunner {
        MapRunTaskRunner.inProcess(
            try runner(configPath: configPath, extra: extra, functionsDirectory: functionsDirectory), buckets: try buckets(configPath),
            observer: observer,
            executor: { local in service.map { DurableChildExecutor(service: $0, express: local) } ?? local })
    }

    /// The config file's `buckets` (name → directory, relative to the file) and `bucketRoot`.
    static func buckets(_ configPath: String?) throws -> Buckets {
        // Without a configuration (`stepline run` of one's own definition) a Bucket may name any folder.
        guard let configPath else { return Buckets() }
        let config: StepConfig
        do {
            config = try StepConfig.load(configPath)
        } catch {
            throw CLIFailure(error.message)
        }
        var b = Buckets()
        let base = URL(fileURLWithPath: config.directory)
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).path }
        if case .object(let o)? = config.document["buckets"] {
            for (name, dir) in o {
                guard let d = dir.stringValue else { throw CLIFailure("buckets.\(name) must be a directory path") }
                b.directories[name] = resolve(d)
            }
        }
        if let root = config.document["bucketRoot"]?.stringValue { b.root = resolve(root) }
        b.allowAbsolute = config.document["allowAbsoluteBuckets"]?.boolValue ?? false
        return b
    }

    /// `functionsDirectory`: where uploaded Lambda functions live when the config file names no folder.
    static func configured(configPath: String?, extra: [String], functionsDirectory: String? = nil) throws
        -> ConfiguredTaskRunner
    {
        var config = StepConfig(directory: FileManager.default.currentDirectoryPath)
        if let configPath {
            do {
                config = try StepConfig.load(configPath)
            } catch {
                throw CLIFailure(error.message)
            }
        }
        if config.functionsDirectory == nil { config.functionsDirectory = functionsDirectory }
        var commands: [String: String] = [:]
        for spec in extra {
            guard let eq = spec.firstIndex(of: "=") else { throw CLIFailure("--task expects RESOURCE=COMMAND") }
            commands[String(spec[..<eq])] = String(spec[spec.index(after: eq)...])
        }
        return config.taskRunner(extraTasks: commands)
    }

    /// The folder of functions uploaded through the Lambda API: the config file's `functionsDirectory`,
    /// else `DB.functions` beside the database.
    static func functionsDirectory(configPath: String?, db: String) throws -> String {
        if let configPath {
            do {
                if let d = try StepConfig.load(configPath).functionsDirectory { return d }
            } catch {
                throw CLIFailure(error.message)
            }
        }
        return db + ".functions"
    }
}
