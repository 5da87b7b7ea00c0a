internal import CSQLite

/// Binding parameters, numbered from 1. Text and blobs are copied by SQLite at once
/// (`SQLITE_TRANSIENT`), straight from the value's own storage, so the value may go away after the call.
extension SQLiteStatement {
    /// Binds an integer.
    public func bind(_ value: Int64, at index: Int) throws(SQLiteError) {
        try checkBind(sqlite3_bind_int64(stmt, Int32(clamping: index), value))
    }

    /// Binds an integer.
    public func bind(_ value: Int, at index: Int) throws(SQLiteError) {
        try checkBind(sqlite3_bind_int64(stmt, Int32(clamping: index), Int64(value)))
    }

    /// Binds a real. NaN is stored as NULL by SQLite.
    public func bind(_ value: Double, at index: Int) throws(SQLiteError) {
        try checkBind(sqlite3_bind_double(stmt, Int32(clamping: index), value))
    }

    /// Binds text as UTF-8, all of it: NUL characters included.
    public func bind(_ value: String, at index: Int) throws(SQLiteError) {
        let i = Int32(clamping: index)
        let rc = value.utf8.withContiguousStorageIfAvailable { bytes in
            bindText(UnsafeRawBufferPointer(bytes), at: i)
        }
        if let rc { return try checkBind(rc) }
        // A bridged or otherwise non-contiguous string: copy it to contiguous UTF-8 once.
        var copy = value
        copy.makeContiguousUTF8()
        try checkBind(
            copy.utf8.withContiguousStorageIfAvailable { bytes in
                bindText(UnsafeRawBufferPointer(bytes), at: i)
            } ?? SQLITE_MISUSE)
    }

    /// Binds a blob; an empty array is an empty blob, not NULL.
    public func bind(_ value: [UInt8], at index: Int) throws(SQLiteError) {
        let i = Int32(clamping: index)
        try checkBind(value.withUnsafeBytes { bindBlob($0, at: i) })
    }

    /// Binds a blob from raw bytes, copied at once.
    public func bind(bytes: UnsafeRawBufferPointer, at index: Int) throws(SQLiteError) {
        try checkBind(bindBlob(bytes, at: Int32(clamping: index)))
    }

    /// Binds NULL.
    public func bindNull(at index: Int) throws(SQLiteError) {
        try checkBind(sqlite3_bind_null(stmt, Int32(clamping: index)))
    }

    /// Binds any value; `nil` binds NULL.
    public func bind(_ value: SQLiteValue, at index: Int) throws(SQLiteError) {
        switch value {
        case .null: try bindNull(at: index)
        case .integer(let v): try bind(v, at: index)
        case .real(let v): try bind(v, at: index)
        case .text(let v): try bind(v, at: index)
        case .blob(let v): try bind(v, at: index)
        }
    }

    /// Resets the statement and binds `values` to parameters 1, 2, ...; there must be exactly
    /// ``parameterCount`` of them.
    public func bind(_ values: SQLiteValue...) throws(SQLiteError) {
        reset()
        try bindAll(values)
    }

    /// Resets the statement and binds `values` to parameters 1, 2, ...; there must be exactly
    /// ``parameterCount`` of them.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        reset()
        try bindAll(values)
    }

    /// The index of a named parameter (`:name`, `@name`, `$name`, with its prefix), or nil.
    public func parameterIndex(_ name: String) -> Int? {
        let i = Int(sqlite3_bind_parameter_index(stmt, name))
        return i > 0 ? i : nil
    }

    func bindAll(_ values: [SQLiteValue]) throws(SQLiteError) {
        guard values.count == parameterCount else {
            throw SQLiteError.misuse("\(values.count) values for \(parameterCount) parameters", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: offset + 1)
        }
    }

    private func bindText(_ bytes: UnsafeRawBufferPointer, at index: Int32) -> Int32 {
        // A NULL pointer would bind NULL: give the empty string a real address.
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            return sqlite3_bind_text(stmt, index, "", 0, csqlite_transient())
        }
        return sqlite3_bind_text64(
            stmt, index, base.assumingMemoryBound(to: CChar.self), sqlite3_uint64(bytes.count),
            csqlite_transient(), UInt8(SQLITE_UTF8))
    }

    private func bindBlob(_ bytes: UnsafeRawBufferPointer, at index: Int32) -> Int32 {
        // A NULL pointer would bind NULL: an empty blob is a zero-length zeroblob.
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            return sqlite3_bind_zeroblob(stmt, index, 0)
        }
        return sqlite3_bind_blob64(stmt, index, base, sqlite3_uint64(bytes.count), csqlite_transient())
    }

    @inline(__always)
    private func checkBind(_ rc: Int32) throws(SQLiteError) {
        try sqliteCheck(rc, handle.db, sql: sql)
    }
}
