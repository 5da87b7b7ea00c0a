/// A value in an AMQP field table: message headers, queue and exchange arguments, consumer arguments.
///
/// Publishing writes `string` as a long string (UTF-8), `int` as a signed 64-bit integer, `double` as a
/// 64-bit float, tables and arrays recursively. Reading maps every integer width to `int` (unsigned values
/// above `Int64.max` are clamped), `float` and `decimal` to `double`.
public enum AMQPFieldValue: Sendable, Hashable, CustomStringConvertible {
    /// A UTF-8 long string.
    case string(String)
    /// A byte array (`x` in RabbitMQ's field table grammar).
    case bytes([UInt8])
    /// An integer of any width.
    case int(Int64)
    /// A boolean.
    case bool(Bool)
    /// A floating-point number (or a decimal, read).
    case double(Double)
    /// A timestamp, seconds since the Unix epoch.
    case timestamp(UInt64)
    /// A nested table (e.g. each entry of `x-death`).
    case table([String: AMQPFieldValue])
    /// An array (e.g. `x-death`).
    case array([AMQPFieldValue])
    /// No value.
    case void

    /// The string, when this is one (a UTF-8 byte array counts too).
    public var stringValue: String? {
        switch self {
        case .string(let s): s
        case .bytes(let b): String(validating: b, as: UTF8.self)
        default: nil
        }
    }

    /// The integer, when this is one.
    public var intValue: Int64? {
        if case .int(let i) = self { i } else { nil }
    }

    public var description: String {
        switch self {
        case .string(let s): "\"\(s)\""
        case .bytes(let b): "<\(b.count) bytes>"
        case .int(let i): "\(i)"
        case .bool(let b): "\(b)"
        case .double(let d): "\(d)"
        case .timestamp(let t): "@\(t)"
        case .table(let t): "{" + t.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .array(let a): "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .void: "void"
        }
    }
}

extension AMQPFieldValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    /// `"text"` as a string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// `42` as an integer value.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// `true` as a boolean value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
