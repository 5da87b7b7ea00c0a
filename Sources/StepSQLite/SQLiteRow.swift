/// One result row, copied out of a statement: its values and the statement's column names.
public struct SQLiteRow: Sendable, Hashable {
    /// The column names, as SQLite names them (shared by all rows of one query).
    public let columns: [String]
    /// The values, one per column.
    public let values: [SQLiteValue]

    /// Makes a row; `columns` and `values` should have the same count.
    public init(columns: [String], values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    /// The number of columns.
    public var count: Int { values.count }

    /// The value at a column index (from 0); `NULL` when out of range.
    public subscript(_ index: Int) -> SQLiteValue {
        values.indices.contains(index) ? values[index] : .null
    }

    /// The value of the first column with this name; `NULL` when there is none.
    public subscript(_ name: String) -> SQLiteValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return self[index]
    }
}
