import ArgumentParser
import Foundation
import StepServe
import StepService
import StepStore

/// `stepline backup --db FILE --to FILE`: an online copy of a live database (SQLite's backup API).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to a new file while the service runs (SQLite's online backup), then check the copy.",
        discussion:
            "The copy is one consistent snapshot, created with mode 0600; restore by stopping the service and putting it in place of the database."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "The new file (must not exist).") var to: String

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            let started = ContinuousClock.now
            try storeCall { () throws(StoreError) in try s.backup(to: to) }
            let size = ((try? FileManager.default.attributesOfItem(atPath: to))?[.size] as? NSNumber)?.intValue ?? 0
            let took = ContinuousClock.now - started
            print(
                "backed up \(try store.db) to \(to): \(size) bytes in \(took.formatted(.units(allowed: [.seconds, .milliseconds]))), integrity ok"
            )
        }
    }
}
