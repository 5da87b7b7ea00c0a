import ArgumentParser
import Foundation
import StepJSON
import StepService
import StepServe
import StepStore

/// `--db PATH`, `--config FILE` and how the database is opened, shared by every command that uses one.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "The SQLite database file (default: \"db\" in the config file).")
    var database: String?

    @Option(help: "The configuration file (YAML or JSON; see config/stepline.yaml); default $STEPLINE_CONFIG.")
    var config: String?

    /// The database file: `--db`, else the config file's `db` (relative to the file).
    var db: String {
        get throws {
            if let database { return database }
            if let config, let value = try ServiceConfig.load(config).string("db") { return value }
            if config == nil, let value = ProcessInfo.processInfo.environment["STEPLINE_DB"] { return value }
            throw CLIFailure("--db FILE is required (or \"db\" in the --config file)")
        }
    }

    @Option(help: "SQLite's synchronous setting: normal (default) or full.")
    var synchronous: String = "normal"

    @Option(help: "How long to wait for a database locked by another process, in seconds.")
    var busyTimeout: Double = 5

    /// Opens the store; a locked, read-only, corrupt or full database is a clear error and exit code 2.
    func open() throws -> SQLiteExecutionStore {
        try StoreFile.open(try db, synchronous: synchronous, busyTimeout: busyTimeout, partition: partition)
    }

    /// The region and account in the ARNs this service makes: the config's `"region"` and `"account"`,
    /// else `us-east-1` and `111111111111`.
    var partition: (region: String, account: String) { Self.partition(config) }

    static func partition(_ config: String?) -> (region: String, account: String) {
        let region = config.flatMap { ConfigFile.value("region", in: $0)?.stringValue } ?? "us-east-1"
        let account = config.flatMap { ConfigFile.value("account", in: $0)?.stringValue } ?? "111111111111"
        return (region, account)
    }
}

/// Runs a client command: usage and storage problems exit 2, refused requests exit 1.
func clientCommand(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let e as CLIFailure {
        printError("stepline: \(e.message)")
        throw ExitCode(2)
    } catch let e as RequestFailure {
        printError("stepline: \(e.description)")
        throw ExitCode(1)
    }
}

/// `--config FILE` for commands that need nothing from it: accepted by every command, so that one set
/// of options works everywhere.
struct ConfigOption: ParsableArguments {
    @Option(help: "The configuration file (YAML or JSON); accepted by every command.")
    var config: String?
}

/// Reads single entries of a config file.
enum ConfigFile {
    /// The setting in force (file, then environment), or `nil` when unset or the file cannot be read.
    static func value(_ key: String, in path: String) -> JSON? {
        (try? ServiceConfig.load(path))?.value(at: key)
    }
}
