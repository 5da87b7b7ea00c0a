import StepJSON

/// Flags a JSONata array carries besides its items (the reference keeps them as array properties).
struct ArrayFlags: OptionSet {
    let rawValue: UInt8
    /// A sequence produced by path evaluation: singletons unwrap, empties vanish.
    static let sequence = ArrayFlags(rawValue: 1)
    /// A sequence that must stay an array even with one item (`[]` in a path).
    static let keepSingleton = ArrayFlags(rawValue: 2)
    /// The input document was an array, wrapped so it is treated as one value.
    static let outerWrapper = ArrayFlags(rawValue: 4)
    /// An array built by an array constructor; never flattened by a path step.
    static let cons = ArrayFlags(rawValue: 8)
}

/// The evaluator's value: JSON plus `undefined`, sequences and functions.
///
/// Input documents are wrapped lazily: `.jarray` and `.jobject` hold the caller's JSON untouched and
/// are converted one level at a time when a path walks into them.
enum Value {
    case undefined
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([Value], ArrayFlags)
    case jarray([JSON])
    case object(VObject)
    case jobject(JSONObject)
    case function(FunctionValue)
    case tuples([Tuple])

    @inline(__always) init(_ json: JSON) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .number(Double(i))
        case .double(let d): self = .number(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .jarray(a)
        case .object(let o): self = .jobject(o)
        }
    }

    init(_ json: JSON?) {
        if let json { self.init(json) } else { self = .undefined }
    }

    static func sequence(_ items: [Value] = []) -> Value { .array(items, .sequence) }

    @inline(__always) var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    var isArray: Bool {
        switch self {
        case .array, .jarray, .tuples: return true
        default: return false
        }
    }

    /// True for objects (not functions).
    var isObject: Bool {
        switch self {
        case .object, .jobject: return true
        default: return false
        }
    }

    var isFunction: Bool {
        if case .function = self { return true }
        return false
    }

    var isSequence: Bool {
        if case .array(_, let f) = self { return f.contains(.sequence) }
        return false
    }

    var isString: Bool {
        if case .string = self { return true }
        return false
    }

    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }

    var flags: ArrayFlags {
        if case .array(_, let f) = self { return f }
        return []
    }

    /// Items of an array value (converted for input arrays); a non-array is not an array.
    var arrayItems: [Value] {
        switch self {
        case .array(let a, _): return a
        case .jarray(let a): return a.map { Value($0) }
        case .tuples(let t): return t.map { $0.asObject() }
        default: return []
        }
    }

    var arrayCount: Int {
        switch self {
        case .array(let a, _): return a.count
        case .jarray(let a): return a.count
        case .tuples(let t): return t.count
        default: return 0
        }
    }

    func arrayItem(_ i: Int) -> Value {
        switch self {
        case .array(let a, _): return i >= 0 && i < a.count ? a[i] : .undefined
        case .jarray(let a): return i >= 0 && i < a.count ? Value(a[i]) : .undefined
        case .tuples(let t): return i >= 0 && i < t.count ? t[i].asObject() : .undefined
        default: return .undefined
        }
    }

    /// Member `key` of an object, or undefined.
    @inline(__always) func field(_ key: String) -> Value {
        switch self {
        case .object(let o): return o[key] ?? .undefined
        case .jobject(let o):
            if let v = o[key] { return Value(v) }
            return .undefined
        default: return .undefined
        }
    }

    /// Keys of an object, in order; empty for anything else.
    var objectKeys: [String] {
        switch self {
        case .object(let o): return o.keys
        case .jobject(let o): return o.keys
        default: return []
        }
    }

    var objectCount: Int {
        switch self {
        case .object(let o): return o.keys.count
        case .jobject(let o): return o.count
        default: return 0
        }
    }

    /// Members of an object, in order.
    var objectEntries: [(String, Value)] {
        switch self {
        case .object(let o): return Array(zip(o.keys, o.values))
        case .jobject(let o): return o.map { ($0.key, Value($0.value)) }
        default: return []
        }
    }

    func hasField(_ key: String) -> Bool {
        switch self {
        case .object(let o): return o.position(of: key) != nil
        case .jobject(let o): return o.position(of: key) != nil
        default: return false
        }
    }

    /// The value as JSON, or nil for undefined. Functions become `""` as `JSON.stringify` would
    /// print them through the reference's replacer; inside arrays undefined items become null.
    /// Structures too deep for the native stack are cut short with null (used for error inserts).
    func toJSON() -> JSON? {
        do {
            return try toJSONChecked(limit: StackGuard.lowLimit())
        } catch {
            return .null
        }
    }

    /// The value as JSON; throws `U1001` rather than overflow the stack on absurdly deep nesting, and
    /// `JSONataError.valueNestingCode` for arrays and objects nested deeper than `JSON.maximumNestingDepth`
    /// (`depth` containers enclose this value).
    func toJSONChecked(limit: UInt, depth: Int = 0) throws(JSONataError) -> JSON? {
        switch self {
        case .undefined: return nil
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d)
        case .string(let s): return .string(s)
        case .jarray(let a): return .array(a)
        case .jobject(let o): return .object(o)
        case .function: return .string("")
        default: break
        }
        if stackPointer() < limit { throw stackOverflowError() }
        if depth >= JSON.maximumNestingDepth { throw valueNestingError() }
        switch self {
        case .array(let a, _):
            var out: [JSON] = []
            out.reserveCapacity(a.count)
            for v in a { out.append(try v.toJSONChecked(limit: limit, depth: depth + 1) ?? .null) }
            return .array(out)
        case .object(let o):
            var out = JSONObject(minimumCapacity: o.keys.count)
            for i in o.keys.indices {
                if let j = try o.values[i].toJSONChecked(limit: limit, depth: depth + 1) { out[o.keys[i]] = j }
            }
            return .object(out)
        case .tuples(let t):
            var out: [JSON] = []
            for tuple in t { out.append(try tuple.asObject().toJSONChecked(limit: limit, depth: depth + 1) ?? .null) }
            return .array(out)
        default:
            return nil
        }
    }

    /// Makes every object reachable from this value a fresh mutable `VObject` (deep copy).
    func deepCopy(limit: UInt) throws(JSONataError) -> Value {
        if stackPointer() < limit { throw stackOverflowError() }
        switch self {
        case .array(let a, let f):
            var out: [Value] = []
            for v in a { out.append(try v.deepCopy(limit: limit)) }
            return .array(out, f)
        case .jarray(let a):
            var out: [Value] = []
            for v in a { out.append(try Value(v).deepCopy(limit: limit)) }
            return .array(out, [])
        case .object(let o):
            let n = VObject(capacity: o.keys.count)
            for i in o.keys.indices { n.set(o.keys[i], try o.values[i].deepCopy(limit: limit)) }
            return .object(n)
        case .jobject(let o):
            let n = VObject(capacity: o.count)
            for (k, v) in o { n.set(k, try Value(v).deepCopy(limit: limit)) }
            return .object(n)
        default: return self
        }
    }
}

/// The current native stack address (for overflow guards).
@inline(__always) func stackPointer() -> UInt {
    var marker: UInt8 = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
}

extension Value {
    /// How many levels of arrays and objects nest in this value, counting input documents (`.jarray`,
    /// `.jobject`, whose depth the JSON parser bounds) as one level; at most `cutoff + 1` (counting stops
    /// there). Objects remember their depth once it is known, so wrapping one again costs nothing more.
    func constructedDepth(cutoff: Int) -> Int {
        var deepest = 0
        var pending: [(Value, Int)] = [(self, 0)]  // a value and the containers enclosing it
        while let (value, depth) = pending.popLast() {
            switch value {
            case .array(let items, _):
                deepest = max(deepest, depth + 1)
                for v in items where v.isContainerValue { pending.append((v, depth + 1)) }
            case .object(let o):
                if let known = o.depth {
                    deepest = max(deepest, depth + known)
                } else {
                    deepest = max(deepest, depth + 1)
                    for v in o.values where v.isContainerValue { pending.append((v, depth + 1)) }
                }
            case .tuples(let t):
                deepest = max(deepest, depth + 2)
                for tuple in t {
                    for v in [tuple.focus] + tuple.values where v.isContainerValue { pending.append((v, depth + 2)) }
                }
            case .jarray, .jobject:
                deepest = max(deepest, depth + 1)
            default:
                break
            }
            if deepest > cutoff { return cutoff + 1 }
        }
        return deepest
    }

    /// The value, refused with `JSONataError.valueNestingCode` when the arrays and objects built in it nest
    /// deeper than `JSON.maximumNestingDepth`; an object learns its depth.
    func checkedNesting() throws(JSONataError) -> Value {
        let d = constructedDepth(cutoff: JSON.maximumNestingDepth)
        if d > JSON.maximumNestingDepth { throw valueNestingError() }
        if case .object(let o) = self { o.depth = d }
        return self
    }

    private var isContainerValue: Bool {
        switch self {
        case .array, .object, .tuples, .jarray, .jobject: return true
        default: return false
        }
    }
}

/// The error for a value that would nest deeper than Step Functions data may.
func valueNestingError() -> JSONataError {
    var e = JSONataError(code: JSONataError.valueNestingCode)
    e.value = .int(JSON.maximumNestingDepth)
    e.populateMessage()
    return e
}

/// The error for evaluation nested deeper than its limit or than the native stack allows.
func stackOverflowError() -> JSONataError {
    JSONataError(
        code: "U1001",
        message: "Stack overflow error: Check for non-terminating recursive function.  "
            + "Consider rewriting as tail-recursive.")
}

/// A mutable, insertion-ordered object built by the evaluator (object constructors, `$merge`, transforms).
final class VObject {
    private(set) var keys: [String]
    private(set) var values: [Value]
    private var index: [String: Int]?
    /// Levels of containers from this object down, when known (set by the object constructor; any change to
    /// the members forgets it).
    var depth: Int?

    init(capacity: Int = 0) {
        keys = []
        values = []
        if capacity > 0 {
            keys.reserveCapacity(capacity)
            values.reserveCapacity(capacity)
        }
    }

    func position(of key: String) -> Int? {
        if let index { return index[key] }
        for i in keys.indices where keys[i] == key { return i }
        return nil
    }

    subscript(key: String) -> Value? {
        guard let i = position(of: key) else { return nil }
        return values[i]
    }

    func set(_ key: String, _ value: Value) {
        depth = nil
        if let i = position(of: key) {
            values[i] = value
            return
        }
        keys.append(key)
        values.append(value)
        if index != nil {
            index?[key] = keys.count - 1
        } else if keys.count > 12 {
            var d = [String: Int](minimumCapacity: keys.count)
            for (i, k) in keys.enumerated() { d[k] = i }
            index = d
        }
    }

    func remove(_ key: String) {
        guard let i = position(of: key) else { return }
        depth = nil
        keys.remove(at: i)
        values.remove(at: i)
        if index != nil {
            var d = [String: Int](minimumCapacity: keys.count)
            for (i, k) in keys.enumerated() { d[k] = i }
            index = d
        }
    }
}

/// One element of a tuple stream: the context item `@` and the variables bound along the path.
struct Tuple {
    var focus: Value
    var names: [String] = []
    var values: [Value] = []

    init(focus: Value) { self.focus = focus }

    mutating func bind(_ name: String, _ value: Value) {
        if name == "@" {
            focus = value
            return
        }
        for i in names.indices where names[i] == name {
            values[i] = value
            return
        }
        names.append(name)
        values.append(value)
    }

    func lookup(_ name: String) -> Value {
        if name == "@" { return focus }
        for i in names.indices where names[i] == name { return values[i] }
        return .undefined
    }

    /// Copies every binding of `other` (including `@`) over this tuple's.
    mutating func merge(_ other: Tuple) {
        focus = other.focus
        for i in other.names.indices { bind(other.names[i], other.values[i]) }
    }

    func asObject() -> Value {
        let o = VObject()
        o.set("@", focus)
        for i in names.indices { o.set(names[i], values[i]) }
        return .object(o)
    }
}
