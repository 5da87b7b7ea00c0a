internal import CSQLite

/// The `sqlite3*` of one connection, shared by the connection and its statements.
///
/// Statements keep the handle alive, so a statement never outlives the connection it was prepared on.
/// After ``close()``, `db` is nil and every statement refuses to run; SQLite keeps the connection as a
/// "zombie" (`sqlite3_close_v2`) until the last statement is finalized.
final class SQLiteHandle {
    private(set) var db: OpaquePointer?

    init(_ db: OpaquePointer) { self.db = db }

    /// Closes the connection; a second call does nothing.
    func close() throws(SQLiteError) {
        guard let db else { return }
        self.db = nil
        try sqliteCheck(sqlite3_close_v2(db), nil)
    }

    /// The open connection, or a misuse error when it was closed.
    @inline(__always)
    func open(sql: String? = nil) throws(SQLiteError) -> OpaquePointer {
        guard let db else { throw SQLiteError.misuse("the connection is closed", sql: sql) }
        return db
    }

    deinit {
        if let db { sqlite3_close_v2(db) }
    }
}
