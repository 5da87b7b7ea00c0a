internal import CSQLite

/// An error reported by SQLite, or by this wrapper when it is used wrongly (then `code` is `SQLITE_MISUSE`, 21).
///
/// `code` is the primary result code (`SQLITE_BUSY` = 5, ...); `extendedCode` the extended one
/// (`SQLITE_BUSY_SNAPSHOT` = 517, ...), equal to `code` when SQLite gave no detail.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The primary result code: the low 8 bits of `extendedCode`.
    public var code: Int32
    /// The extended result code.
    public var extendedCode: Int32
    /// SQLite's message (`sqlite3_errmsg`), or the wrapper's own.
    public var message: String
    /// The SQL being prepared or run, when there was one.
    public var sql: String?

    /// Makes an error from a result code; `code` is derived from `extendedCode`.
    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.code = extendedCode & 0xFF
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// The database is locked by another connection (`SQLITE_BUSY`) or a table is (`SQLITE_LOCKED`).
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
    /// The disk or the database is full (`SQLITE_FULL`).
    public var isFull: Bool { code == SQLITE_FULL }
    /// A write on a read-only connection or file (`SQLITE_READONLY`).
    public var isReadOnly: Bool { code == SQLITE_READONLY }
    /// The file is damaged (`SQLITE_CORRUPT`) or is not a database at all (`SQLITE_NOTADB`).
    public var isCorrupt: Bool { code == SQLITE_CORRUPT || code == SQLITE_NOTADB }
    /// The file is not a database (`SQLITE_NOTADB`): a wrong file, or one overwritten from its start.
    public var isNotADatabase: Bool { code == SQLITE_NOTADB }
    /// A constraint failed (`SQLITE_CONSTRAINT`): unique, primary key, foreign key, not null, check.
    public var isConstraint: Bool { code == SQLITE_CONSTRAINT }
    /// The wrapper or SQLite was used wrongly (`SQLITE_MISUSE`, `SQLITE_RANGE`): a bug, not a condition.
    public var isMisuse: Bool { code == SQLITE_MISUSE || code == SQLITE_RANGE }

    public var description: String {
        let name = String(cString: sqlite3_errstr(extendedCode))
        var text = "SQLite error \(code)"
        if extendedCode != code { text += "/\(extendedCode)" }
        text += " (\(name)): \(message)"
        if let sql { text += " — in: \(sql.count > 200 ? String(sql.prefix(200)) + "…" : sql)" }
        return text
    }

    /// A misuse of the wrapper itself (closed connection, wrong number of bindings...).
    static func misuse(_ message: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(extendedCode: SQLITE_MISUSE, message: message, sql: sql)
    }
}

/// The one place where every sqlite3 result code is checked.
///
/// Returns `rc` when it is `SQLITE_OK`, `SQLITE_ROW` or `SQLITE_DONE`; otherwise throws an ``SQLiteError``
/// carrying the connection's message (read at once, before any other call can replace it).
@inline(__always)
@discardableResult
func sqliteCheck(_ rc: Int32, _ db: OpaquePointer?, sql: String? = nil) throws(SQLiteError) -> Int32 {
    if rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE { return rc }
    throw sqliteError(rc, db, sql: sql)
}

@inline(never)
func sqliteError(_ rc: Int32, _ db: OpaquePointer?, sql: String?) -> SQLiteError {
    // With extended result codes on, rc is already extended; the connection may know better.
    var extended = rc
    var message: String
    if let db {
        let connectionCode = sqlite3_extended_errcode(db)
        if connectionCode & 0xFF == rc & 0xFF { extended = connectionCode }
        message = String(cString: sqlite3_errmsg(db))
        // After a failure of the wrapper's own making, errmsg may describe an older, unrelated state.
        if connectionCode & 0xFF != rc & 0xFF { message = String(cString: sqlite3_errstr(rc)) }
    } else {
        message = String(cString: sqlite3_errstr(rc))
    }
    return SQLiteError(extendedCode: extended, message: message, sql: sql)
}
