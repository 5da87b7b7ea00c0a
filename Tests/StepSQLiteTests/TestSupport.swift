import Foundation
import Testing
@testable import StepSQLite

/// A fresh directory under the system's temporary directory, removed when released.
final class TempDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("stepsqlite-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of a file in the directory.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Runs `body` and returns the SQLiteError it throws; records an issue when it throws none or another.
func sqliteError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> SQLiteError? {
    do {
        try body()
        Issue.record("expected an SQLiteError, got none", sourceLocation: sourceLocation)
    } catch let error as SQLiteError {
        return error
    } catch {
        Issue.record("expected an SQLiteError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

extension SQLiteConnection {
    /// The single integer a query returns (tests only).
    func integer(_ sql: String) throws -> Int64? {
        try query(sql).first?[0].int64Value
    }
}
