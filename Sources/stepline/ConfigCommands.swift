import ArgumentParser
import Foundation
import StepIntegrations
import StepJSON
import StepServe
import StepSettings

/// `stepline config check|show`: the service's configuration, checked or shown as in force.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check the configuration file, or show the configuration in force.",
        subcommands: [ConfigCheckCommand.self, ConfigShowCommand.self])
}

/// `stepline config check [FILE]`: every problem with its line, the setting's path and what was expected.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a configuration file: every unknown key, wrong type or bad value, with its line.",
        discussion: "Exits 0 when the file is good, 2 when it is not (as `serve` and `worker` refuse to start with it).")

    @Argument(help: "The file (default: --config, $STEPLINE_CONFIG, else /etc/stepline/stepline.yaml).")
    var file: String?
    @Option(help: "The configuration file, as the other commands take it.") var config: String?

    func run() async throws {
        let path = file ?? ServiceConfig.path(config) ?? "/etc/stepline/stepline.yaml"
        let problems = Self.problems(path)
        if problems.isEmpty {
            print("\(path): OK")
            return
        }
        for p in problems { printError("\(path): \(p)") }
        printError("\(path): \(problems.count) problem\(problems.count == 1 ? "" : "s")")
        throw ExitCode(2)
    }

    /// The schema's problems with their lines, then those the sections' own readers find (rules, functions,
    /// connections, the definitions folder), placed at their section's line.
    static func problems(_ path: String) -> [ConfigProblem] {
        let document: ConfigDocument
        do {
            document = try ConfigDocument.read(path)
        } catch {
            return error.problems
        }
        var out = ConfigChecker.problems(in: document)
        if !out.isEmpty { return out }
        let effective: EffectiveConfiguration
        do {
            effective = try EffectiveConfiguration.load(file: path)
        } catch {
            return error.problems
        }
        func at(_ key: String, _ message: String) -> ConfigProblem {
            ConfigProblem(path: key, message: message, position: document.keyPositions[key])
        }
        do {
            _ = try DaemonConfig.load(path)
        } catch let e as CLIFailure {
            let key = e.message.contains("rules") ? "rules" : e.message.contains("messaging") ? "messaging" : "queues"
            out.append(at(key, e.message.replacingOccurrences(of: "config: ", with: "")))
        } catch {
            out.append(at("", "\(error)"))
        }
        do {
            _ = try StepConfig(effective.document, directory: effective.directory)
        } catch {
            let key = ["functions", "connections", "tasks"].first { error.message.contains($0) } ?? "functions"
            out.append(at(key, error.message))
        }
        for key in ["definitions", "functionsDirectory", "bucketRoot"] {
            if let dir = effective.string(key), !FileManager.default.fileExists(atPath: dir), key == "definitions" {
                out.append(at(key, "the folder '\(dir)' does not exist"))
            }
        }
        if let definitions = effective.string("definitions"), FileManager.default.fileExists(atPath: definitions) {
            do {
                _ = try DefinitionsFolder.read(definitions)
            } catch {
                out.append(at("definitions", "\(error)"))
            }
        }
        return out
    }
}

/// `stepline config show`: the configuration in force after the environment and flags, secrets masked.
struct ConfigShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the configuration in force (file, then STEPLINE_… variables, then --set), secrets masked.")

    @Argument(help: "The file (default: --config, else $STEPLINE_CONFIG).") var file: String?
    @Option(help: "The configuration file, as the other commands take it.") var config: String?
    @Option(name: .customLong("set"), help: "A flag's override to preview: PATH=VALUE, e.g. worker.concurrency=4.")
    var overrides: [String] = []

    func run() async throws {
        try await withUsageErrors {
            let flags = try ServiceConfig.overrides(overrides)
            let settings = try ServiceConfig.load(file ?? ServiceConfig.path(config), flags: flags)
            if let f = settings.file { print("# \(f)") }
            print(settings.renderedYAML(), terminator: "")
        }
    }
}
