internal import CSQLite
import Glibc

/// One connection to an SQLite database file.
///
/// Not `Sendable`: it belongs to one owner at a time (an actor, a thread, a task), which may hand it on but
/// never share it. It is opened without SQLite's own mutexes (`SQLITE_OPEN_NOMUTEX`) for that reason.
/// It closes itself when released; ``close()`` closes it earlier. Its statements keep it alive.
public final class SQLiteConnection {
    /// The file path it was opened with.
    public let path: String
    /// The options it was opened with.
    public let options: Options

    let handle: SQLiteHandle
    private var cache: [String: SQLiteStatement] = [:]
    var transactionStatements: [String: SQLiteStatement] = [:]
    var savepointDepth = 0

    /// Opens (and with ``Options/Mode/readWriteCreate`` creates) the database at `path`, then sets it up:
    /// WAL journal (read-write only), `synchronous`, `busy_timeout`, `foreign_keys`.
    ///
    /// A file that is not a database fails here with ``SQLiteError/isCorrupt``.
    public init(path: String, options: Options = Options()) throws(SQLiteError) {
        var flags = SQLITE_OPEN_NOMUTEX | csqlite_open_exrescode
        switch options.mode {
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        if options.mode == .readWriteCreate, !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") {
            // A new database is the service's alone (its WAL and shared-memory files take the same mode).
            let fd = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 { Glibc.close(fd) }
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            // SQLite usually hands back a connection even when opening fails: read its message, then close it.
            let error = sqliteError(rc == SQLITE_OK ? SQLITE_CANTOPEN : rc, db, sql: nil)
            sqlite3_close_v2(db)
            throw SQLiteError(extendedCode: error.extendedCode, message: "\(error.message): \(path)")
        }
        // From here the handle closes the connection if setting it up fails.
        self.handle = SQLiteHandle(db)
        self.path = path
        self.options = options
        sqlite3_extended_result_codes(db, 1)
        csqlite_disable_double_quoted_strings(db)
        try sqliteCheck(sqlite3_busy_timeout(db, options.busyTimeoutMilliseconds), db)
        switch options.mode {
        case .readWriteCreate:
            // Reads the header too, so a file that is not a database fails now.
            try execute("PRAGMA journal_mode=WAL")
        case .readOnly:
            try execute("PRAGMA schema_version")
        }
        try execute("PRAGMA synchronous=\(options.synchronous.rawValue)")
        try execute("PRAGMA foreign_keys=\(options.foreignKeys ? "ON" : "OFF")")
    }

    deinit {
        cache.removeAll()
        transactionStatements.removeAll()
        try? handle.close()
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { handle.db == nil }

    /// Closes the connection now: the cached statements are finalized, and every statement still held
    /// elsewhere fails from then on. A second call does nothing.
    public func close() throws(SQLiteError) {
        cache.removeAll()
        transactionStatements.removeAll()
        try handle.close()
    }

    /// Runs a script of zero or more statements separated by `;` (`sqlite3_exec`), ignoring any rows.
    public func execute(_ sql: String) throws(SQLiteError) {
        let db = try handle.open(sql: sql)
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        do {
            try sqliteCheck(rc, db, sql: sql)
        } catch {
            var error = error
            if let message { error.message = String(cString: message) }
            throw error
        }
    }

    /// Prepares one statement, owned by the caller and finalized when released.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        try SQLiteStatement(handle: handle, sql: sql, persistent: false)
    }

    /// The connection's statement for this exact SQL text, prepared on first use and kept; it comes back
    /// reset, with the bindings of its last use.
    ///
    /// The same object is returned for the same text, so do not run a statement again (for the same SQL)
    /// while stepping through its rows. When ``Options/statementCacheCapacity`` is reached the cache is
    /// emptied; statements still held elsewhere stay valid.
    public func cachedStatement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let statement = cache[sql] {
            statement.reset()
            return statement
        }
        let statement = try SQLiteStatement(handle: handle, sql: sql, persistent: true)
        if cache.count >= max(options.statementCacheCapacity, 1) { cache.removeAll(keepingCapacity: true) }
        cache[sql] = statement
        return statement
    }

    /// How many statements the cache holds.
    public var cachedStatementCount: Int { cache.count }

    /// Runs one statement through the cache with `binds`, ignoring any rows.
    public func run(_ sql: String, _ binds: SQLiteValue...) throws(SQLiteError) {
        try cachedStatement(sql).run(binds)
    }

    /// Runs one statement through the cache with `binds` and returns its rows.
    public func query(_ sql: String, _ binds: SQLiteValue...) throws(SQLiteError) -> [SQLiteRow] {
        try cachedStatement(sql).query(binds)
    }

    /// The rowid of the last row inserted on this connection (`sqlite3_last_insert_rowid`); 0 if none.
    public var lastInsertRowID: Int64 {
        handle.db.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE on this connection (`sqlite3_changes64`).
    public var changes: Int {
        handle.db.map { Int(sqlite3_changes64($0)) } ?? 0
    }

    /// Rows changed since the connection opened (`sqlite3_total_changes64`).
    public var totalChanges: Int {
        handle.db.map { Int(sqlite3_total_changes64($0)) } ?? 0
    }

    /// Whether a transaction is open (the connection is out of autocommit mode).
    public var isInTransaction: Bool {
        handle.db.map { sqlite3_get_autocommit($0) == 0 } ?? false
    }

    /// The journal mode in force (`wal` after a read-write open of a file).
    public func journalMode() throws(SQLiteError) -> String {
        try cachedStatement("PRAGMA journal_mode").scalar()?.stringValue ?? ""
    }
}
