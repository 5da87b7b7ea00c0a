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

    /// The value in a column named by a case of a column list (`enum Columns: Int, SelectColumns`), whose
    /// order is the SELECT's: named, and as fast as an index.
    public subscript<Column: SelectColumns>(_ column: Column) -> SQLiteValue {
        self[column.rawValue]
    }

    /// The value of the first column with this name; `NULL` when there is none.
    public subscript(_ name: String) -> SQLiteValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return self[index]
    }
}

/// The columns one SELECT reads, in order: each case's position is its index in the row, and its name
/// (the case name in snake_case, or `columnName`) goes into the SELECT, so the list and the decoding
/// cannot drift apart.
public protocol SelectColumns: RawRepresentable, CaseIterable where RawValue == Int {
    /// The column's name in SQL.
    var columnName: String { get }
}

extension SelectColumns {
    /// `a, b, c`: the SELECT list.
    public static var selectList: String { allCases.map(\.columnName).joined(separator: ", ") }

    /// The case name in snake_case (`stateMachineArn` → `state_machine_arn`).
    public var columnName: String {
        var out = ""
        for c in String(describing: self) {
            if c.isUppercase {
                out += "_" + c.lowercased()
            } else {
                out.append(c)
            }
        }
        return out
    }
}
