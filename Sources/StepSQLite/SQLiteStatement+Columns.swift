internal import CSQLite

/// Reading the current row, columns numbered from 0. The getters follow SQLite's conversions (NULL reads
/// as 0, 0.0, "" or []; text reads as a number by its prefix...): use ``isNull(_:)`` or ``value(_:)`` to tell
/// NULL apart. An index out of range reads as NULL.
extension SQLiteStatement {
    /// How many columns a row of this statement has.
    public var columnCount: Int { Int(sqlite3_column_count(stmt)) }

    /// The name of a column (its `AS` name, else SQLite's choice), or "" out of range.
    public func columnName(_ index: Int) -> String {
        guard let name = sqlite3_column_name(stmt, Int32(clamping: index)) else { return "" }
        return String(cString: name)
    }

    /// The names of all columns.
    public var columnNames: [String] { (0..<columnCount).map { columnName($0) } }

    /// Whether the column holds NULL.
    public func isNull(_ index: Int) -> Bool {
        column(index).map { sqlite3_column_type(stmt, $0) == SQLITE_NULL } ?? true
    }

    /// The column as a 64-bit integer.
    public func int64(_ index: Int) -> Int64 {
        column(index).map { sqlite3_column_int64(stmt, $0) } ?? 0
    }

    /// The column as an integer.
    public func int(_ index: Int) -> Int {
        Int(truncatingIfNeeded: int64(index))
    }

    /// The column as a real.
    public func double(_ index: Int) -> Double {
        column(index).map { sqlite3_column_double(stmt, $0) } ?? 0
    }

    /// The column as UTF-8 text, all of it (NUL characters included); invalid UTF-8 is repaired with U+FFFD.
    public func text(_ index: Int) -> String {
        guard let i = column(index), let bytes = sqlite3_column_text(stmt, i) else { return "" }
        let count = Int(sqlite3_column_bytes(stmt, i))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The column as bytes.
    public func blob(_ index: Int) -> [UInt8] {
        guard let i = column(index), let bytes = sqlite3_column_blob(stmt, i) else { return [] }
        let count = Int(sqlite3_column_bytes(stmt, i))
        return [UInt8](UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// Calls `body` with the column's bytes in place, without copying them; the buffer is valid only
    /// during the call.
    public func withBlob<R, E: Error>(
        _ index: Int, _ body: (UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        guard let i = column(index), let bytes = sqlite3_column_blob(stmt, i) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(stmt, i))))
    }

    /// The column as it is stored: its SQLite type decides the case.
    public func value(_ index: Int) -> SQLiteValue {
        guard let i = column(index) else { return .null }
        switch sqlite3_column_type(stmt, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(stmt, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(stmt, i))
        case SQLITE_TEXT: return .text(text(index))
        case SQLITE_BLOB: return .blob(blob(index))
        default: return .null
        }
    }

    /// The current row, copied out.
    public func row() -> SQLiteRow {
        let names = columnNames
        return SQLiteRow(columns: names, values: (0..<names.count).map { value($0) })
    }

    @inline(__always)
    private func column(_ index: Int) -> Int32? {
        index >= 0 && index < Int(sqlite3_column_count(stmt)) ? Int32(index) : nil
    }
}
