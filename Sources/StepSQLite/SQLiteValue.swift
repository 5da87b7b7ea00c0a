/// One SQLite value: what a parameter is bound to, or what a column holds in a row.
public enum SQLiteValue: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// A 64-bit signed integer.
    case integer(Int64)
    /// An IEEE double (SQLite stores NaN as NULL, and a whole REAL on disk as an integer, so -0.0 reads 0.0).
    case real(Double)
    /// UTF-8 text, NUL characters included.
    case text(String)
    /// Bytes; an empty blob is not NULL.
    case blob([UInt8])

    /// Whether this is `NULL`.
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The integer, when this is an integer.
    public var int64Value: Int64? { if case .integer(let v) = self { v } else { nil } }

    /// The integer as `Int`, when this is an integer.
    public var intValue: Int? { int64Value.map { Int($0) } }

    /// The number, when this is a real or an integer.
    public var doubleValue: Double? {
        switch self {
        case .real(let v): v
        case .integer(let v): Double(v)
        default: nil
        }
    }

    /// The text, when this is text.
    public var stringValue: String? { if case .text(let v) = self { v } else { nil } }

    /// The bytes, when this is a blob.
    public var blobValue: [UInt8]? { if case .blob(let v) = self { v } else { nil } }
}

extension SQLiteValue {
    /// An integer value.
    public init(_ value: Int) { self = .integer(Int64(value)) }
    /// An integer value.
    public init(_ value: Int64) { self = .integer(value) }
    /// A real value.
    public init(_ value: Double) { self = .real(value) }
    /// A text value.
    public init(_ value: String) { self = .text(value) }
    /// A blob value.
    public init(_ value: [UInt8]) { self = .blob(value) }
    /// The value, or `NULL` for nil.
    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    /// The value, or `NULL` for nil.
    public init(_ value: Int64?) { self = value.map { .integer($0) } ?? .null }
    /// The value, or `NULL` for nil.
    public init(_ value: Double?) { self = value.map { .real($0) } ?? .null }
    /// The value, or `NULL` for nil.
    public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    /// The value, or `NULL` for nil.
    public init(_ value: [UInt8]?) { self = value.map { .blob($0) } ?? .null }
}

extension SQLiteValue: ExpressibleByNilLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByBooleanLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    /// SQLite has no boolean: true is 1, false is 0.
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}
