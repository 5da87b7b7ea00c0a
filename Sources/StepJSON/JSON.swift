/// A JSON value as Step Functions sees it: integers stay integers, object key order is kept.
///
/// `JSON` is a value type; arrays and objects share storage until mutated (copy on write), so
/// passing a document from state to state costs a reference count, not a copy.
public enum JSON: Sendable {
    case null
    case bool(Bool)
    /// An integer that fits in 64 bits; kept exact and printed without a fraction.
    case int(Int)
    /// Any other number.
    case double(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)
}

extension JSON {
    /// The JSON type name as AWS and JSONata error messages spell it.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }
    public var isNumber: Bool {
        switch self {
        case .int, .double: return true
        default: return false
        }
    }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var arrayValue: [JSON]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }

    /// The number as a `Double`, for `.int` and `.double`.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The number as an `Int` when it is integral and in range.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.rounded() == d, d.isFinite, abs(d) < 9.2e18 else { return nil }
            return Int(d)
        default: return nil
        }
    }

    /// A number made from a double, kept as an integer when it is integral and fits.
    public static func number(_ d: Double) -> JSON {
        if d.rounded() == d, d.isFinite, abs(d) < 9.0e15 { return .int(Int(d)) }
        return .double(d)
    }

    /// Member of an object, or `nil`.
    public subscript(key: String) -> JSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}

extension JSON: Equatable {
    /// Deep equality: numbers by value, object members regardless of order.
    public static func == (lhs: JSON, rhs: JSON) -> Bool { equal(lhs, rhs, level: 0) }

    /// Levels compared by plain recursion (the fast path); deeper members go through a heap stack, so values
    /// of any depth compare with bounded use of the thread's stack.
    static let recursiveLevels = 32

    private static func equal(_ lhs: JSON, _ rhs: JSON, level: Int) -> Bool {
        switch (lhs, rhs) {
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return false }
            if level >= recursiveLevels { return deepEqual(lhs, rhs) }
            for i in a.indices where !equal(a[i], b[i], level: level + 1) { return false }
            return true
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            if level >= recursiveLevels { return deepEqual(lhs, rhs) }
            for i in a.keys.indices {
                guard let v = b[a.keys[i]], equal(a.values[i], v, level: level + 1) else { return false }
            }
            return true
        default:
            return scalarEqual(lhs, rhs)
        }
    }

    /// Equality with the pairs still to compare on a heap stack.
    private static func deepEqual(_ lhs: JSON, _ rhs: JSON) -> Bool {
        var pending = [(lhs, rhs)]
        while let (x, y) = pending.popLast() {
            switch (x, y) {
            case (.array(let a), .array(let b)):
                guard a.count == b.count else { return false }
                for i in a.indices { pending.append((a[i], b[i])) }
            case (.object(let a), .object(let b)):
                guard a.count == b.count else { return false }
                for i in a.keys.indices {
                    guard let v = b[a.keys[i]] else { return false }
                    pending.append((a.values[i], v))
                }
            default:
                guard scalarEqual(x, y) else { return false }
            }
        }
        return true
    }

    private static func scalarEqual(_ lhs: JSON, _ rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.int(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .int(let b)): return a == Double(b)
        case (.double(let a), .double(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        default: return false
        }
    }
}

extension JSON: Hashable {
    public func hash(into hasher: inout Hasher) { hash(into: &hasher, level: 0) }

    /// How many levels of containers feed the hash. Deeper members are left out (equal values still hash
    /// alike), so hashing needs a few frames of stack, whatever the depth of the value.
    static let hashedLevels = 16

    private func hash(into hasher: inout Hasher, level: Int) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(Double(i))
        case .double(let d): hasher.combine(d)
        case .string(let s): hasher.combine(s)
        case .array(let a):
            hasher.combine(a.count)
            guard level < JSON.hashedLevels else { return }
            for v in a { v.hash(into: &hasher, level: level + 1) }
        case .object(let o):
            hasher.combine(o.count)
            guard level < JSON.hashedLevels else { return }
            // Order-insensitive: combine a commutative sum of member hashes.
            var sum = 0
            for (k, v) in o {
                var h = Hasher()
                h.combine(k)
                v.hash(into: &h, level: level + 1)
                sum &+= h.finalize()
            }
            hasher.combine(sum)
        }
    }
}

extension JSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        var o = JSONObject()
        for (k, v) in elements { o[k] = v }
        self = .object(o)
    }
}

extension JSON: CustomStringConvertible {
    /// The compact serialisation, as AWS writes it.
    public var description: String { serialized() }
}
