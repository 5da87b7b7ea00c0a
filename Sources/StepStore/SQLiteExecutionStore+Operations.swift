import Foundation
import StepService
import StepSQLite

/// What an operator asks of the database while the service runs: counts for `/status` and the metrics,
/// and an online backup.
extension SQLiteExecutionStore {
    /// Executions by status, timers and tasks pending.
    public func operationalCounts() throws(StoreError) -> OperationalCounts {
        try sql {
            var counts = OperationalCounts()
            for row in try db.cachedStatement("SELECT status, count(*) FROM executions GROUP BY status").query() {
                if let status = row[0].stringValue { counts.executionsByStatus[status] = Int(row[1].int64Value ?? 0) }
            }
            counts.timersPending = Int(try db.cachedStatement("SELECT count(*) FROM timers").query().first?[0].int64Value ?? 0)
            counts.tasksPending = Int(try db.cachedStatement("SELECT count(*) FROM tasks").query().first?[0].int64Value ?? 0)
            return counts
        }
    }

    /// Copies the database to a new file while the service goes on (SQLite's online backup), then checks
    /// the copy opens cleanly (`PRAGMA integrity_check`).
    public func backup(to path: String) throws(StoreError) {
        try sql {
            try db.backup(to: path)
            let copy = try SQLiteConnection(path: path, options: SQLiteConnection.Options(mode: .readOnly))
            let result = try copy.query("PRAGMA integrity_check").first?[0].stringValue
            guard result == "ok" else { throw StoreError(.corrupt, "the backup failed its integrity check: \(result ?? "no answer")") }
        }
    }
}
