internal import CSQLite

/// One prepared SQL statement (`sqlite3_stmt`), made by ``SQLiteConnection/prepare(_:)`` or
/// ``SQLiteConnection/cachedStatement(_:)``.
///
/// Like its connection it is confined to one owner at a time. The usual cycle is bind, ``step()`` until it
/// returns false, ``reset()``; ``run(_:)-(SQLiteValue...)`` and ``query(_:)-(SQLiteValue...)`` do the whole
/// cycle. Parameters are numbered from 1 and columns from 0, as in SQLite.
public final class SQLiteStatement {
    /// The SQL text the statement was prepared from.
    public let sql: String
    /// How many parameters (`?`, `?NNN`, `:name`...) the statement has: the largest parameter index.
    public let parameterCount: Int

    let stmt: OpaquePointer
    let handle: SQLiteHandle

    /// Prepares one statement; the SQL may end with `;` and blanks but must hold exactly one statement.
    init(handle: SQLiteHandle, sql: String, persistent: Bool) throws(SQLiteError) {
        let db = try handle.open(sql: sql)
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let (rc, prepared, rest) = sql.withCString { cSQL -> (Int32, OpaquePointer?, String) in
            var stmt: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(db, cSQL, -1, flags, &stmt, &tail)
            let rest = tail.map { String(cString: $0) } ?? ""
            return (rc, stmt, rest)
        }
        try sqliteCheck(rc, db, sql: sql)
        guard let prepared else { throw SQLiteError.misuse("no SQL statement to prepare", sql: sql) }
        // A second statement in the text would be silently ignored by SQLite: refuse it instead.
        if rest.contains(where: { !$0.isWhitespace && $0 != ";" }) {
            var extra: OpaquePointer?
            let extraRC = sqlite3_prepare_v2(db, rest, -1, &extra, nil)
            sqlite3_finalize(extra)
            if extraRC != SQLITE_OK || extra != nil {
                sqlite3_finalize(prepared)
                throw SQLiteError.misuse("more than one SQL statement; use execute(_:) for scripts", sql: sql)
            }
        }
        self.sql = sql
        self.stmt = prepared
        self.handle = handle
        self.parameterCount = Int(sqlite3_bind_parameter_count(prepared))
    }

    deinit { sqlite3_finalize(stmt) }

    /// Runs the statement one step: true when a row is ready to read with the column getters, false when
    /// the statement is done. Throws the step's error (busy, constraint, read-only, corrupt...).
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let db = try handle.open(sql: sql)
        return try sqliteCheck(sqlite3_step(stmt), db, sql: sql) == SQLITE_ROW
    }

    /// Rewinds the statement so it can run again; the bindings stay. Any error of the last step was
    /// already thrown by ``step()``, so it is not reported again here.
    public func reset() {
        sqlite3_reset(stmt)
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() {
        sqlite3_clear_bindings(stmt)
    }

    /// Resets, binds `binds` (if any) and steps to the end, ignoring any rows; then resets again.
    ///
    /// With no values the current bindings are used; otherwise there must be exactly ``parameterCount``.
    public func run(_ binds: SQLiteValue...) throws(SQLiteError) {
        try run(binds)
    }

    /// Resets, binds `binds` (if any) and steps to the end, ignoring any rows; then resets again.
    public func run(_ binds: [SQLiteValue]) throws(SQLiteError) {
        reset()
        defer { reset() }
        if !binds.isEmpty { try bindAll(binds) }
        while try step() {}
    }

    /// Resets, binds `binds` (if any) and returns every row, copied out; then resets again.
    ///
    /// With no values the current bindings are used; otherwise there must be exactly ``parameterCount``.
    public func query(_ binds: SQLiteValue...) throws(SQLiteError) -> [SQLiteRow] {
        try query(binds)
    }

    /// Resets, binds `binds` (if any) and returns every row, copied out; then resets again.
    public func query(_ binds: [SQLiteValue]) throws(SQLiteError) -> [SQLiteRow] {
        reset()
        defer { reset() }
        if !binds.isEmpty { try bindAll(binds) }
        var rows: [SQLiteRow] = []
        var columns: [String]?
        while try step() {
            let names = columns ?? columnNames
            columns = names
            rows.append(SQLiteRow(columns: names, values: (0..<names.count).map { value($0) }))
        }
        return rows
    }

    /// The first column of the first row, or nil when there is no row; then resets.
    public func scalar(_ binds: SQLiteValue...) throws(SQLiteError) -> SQLiteValue? {
        reset()
        defer { reset() }
        if !binds.isEmpty { try bindAll(binds) }
        return try step() ? value(0) : nil
    }
}
