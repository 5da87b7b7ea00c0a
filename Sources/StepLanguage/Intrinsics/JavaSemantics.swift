import StepJSON

/// The bits of Java behaviour that show through AWS's intrinsic results.
///
/// Step Functions runs on the JVM and turns JSON into plain Java values (`Integer`, `Long`, `Double`,
/// `String`, `Boolean`, `null`, `List`, `Map`) for several intrinsics. That leaks into results:
/// `States.Format` prints objects as `{a=1, b=[]}`, `States.ArrayContains` compares those printed
/// forms, `States.ArrayUnique` returns `HashSet` order and `States.JsonMerge` returns `HashMap` order.
enum Java {
    // MARK: - Printing (`String.valueOf`)

    /// The value as Java's `String.valueOf` prints it: strings bare, numbers as `Integer`/`Double`
    /// print, lists as `[a, b]`, maps as `{k=v, k2=v2}` (in the object's own order).
    static func string(_ value: JSON) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    private static func write(_ value: JSON, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += JSON.formatDouble(d)
        case .string(let s): out += s
        case .array(let a):
            out += "["
            for (i, element) in a.enumerated() {
                if i > 0 { out += ", " }
                write(element, to: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            var first = true
            for (key, member) in o {
                if !first { out += ", " }
                first = false
                out += key
                out += "="
                write(member, to: &out)
            }
            out += "}"
        }
    }

    // MARK: - Numbers

    /// `Number.intValue()`: a `Long` keeps its low 32 bits; a `Double` truncates toward zero and
    /// saturates (NaN gives 0). `nil` when the value is not a number.
    static func intValue(_ value: JSON) -> Int? {
        switch value {
        case .int(let i): return Int(Int32(truncatingIfNeeded: i))
        case .double(let d): return Int(saturatingInt32(d))
        default: return nil
        }
    }

    /// `Number.longValue()`, with the same rules at 64 bits.
    static func longValue(_ value: JSON) -> Int64? {
        switch value {
        case .int(let i): return Int64(i)
        case .double(let d):
            if d.isNaN { return 0 }
            if d >= 9.223372036854775807e18 { return Int64.max }
            if d <= -9.223372036854775808e18 { return Int64.min }
            return Int64(d.rounded(.towardZero))
        default: return nil
        }
    }

    /// `Math.round(double)`: the closest `long`, halves rounding up (`-2.5` gives `-2`).
    static func round(_ d: Double) -> Int64 {
        if d.isNaN { return 0 }
        let r = (d + 0.5).rounded(.down)
        // `d + 0.5` rounds up for the largest double below 0.5; Java's algorithm does not.
        let corrected = (r - d > 0.5) ? r - 1 : r
        if corrected >= 9.223372036854775807e18 { return Int64.max }
        if corrected <= -9.223372036854775808e18 { return Int64.min }
        return Int64(corrected)
    }

    private static func saturatingInt32(_ d: Double) -> Int32 {
        if d.isNaN { return 0 }
        if d >= 2147483647 { return Int32.max }
        if d <= -2147483648 { return Int32.min }
        return Int32(d.rounded(.towardZero))
    }

    // MARK: - Equality and hashing of the Java values

    /// `Object.equals` between the Java forms: an `Integer` never equals a `Double`, map members
    /// compare regardless of order, list elements in order.
    static func equals(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            for i in x.indices where !equals(x[i], y[i]) { return false }
            return true
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let other = y[key], equals(value, other) else { return false }
            }
            return true
        default: return false
        }
    }

    /// `Object.hashCode` of the Java form.
    static func hashCode(_ value: JSON) -> Int32 {
        switch value {
        case .null: return 0
        case .bool(let b): return b ? 1231 : 1237
        case .int(let i):
            if let small = Int32(exactly: i) { return small }
            let bits = UInt64(bitPattern: Int64(i))
            return Int32(truncatingIfNeeded: bits ^ (bits >> 32))
        case .double(let d):
            let bits = d.isNaN ? 0x7ff8_0000_0000_0000 : d.bitPattern
            return Int32(truncatingIfNeeded: bits ^ (bits >> 32))
        case .string(let s): return stringHash(s)
        case .array(let a):
            var h: Int32 = 1
            for element in a { h = 31 &* h &+ hashCode(element) }
            return h
        case .object(let o):
            var h: Int32 = 0
            for (key, member) in o { h = h &+ (stringHash(key) ^ hashCode(member)) }
            return h
        }
    }

    /// `String.hashCode`, over UTF-16 code units.
    static func stringHash(_ s: String) -> Int32 {
        var h: Int32 = 0
        for unit in s.utf16 { h = 31 &* h &+ Int32(unit) }
        return h
    }

    // MARK: - HashMap / HashSet iteration order

    /// The bucket a hash falls into in a table of `capacity` buckets (`HashMap.hash` spreading).
    static func bucket(_ hash: Int32, capacity: Int) -> Int {
        let h = UInt32(bitPattern: hash)
        return Int((h ^ (h >> 16)) & UInt32(capacity - 1))
    }

    /// `HashMap.tableSizeFor`: the smallest power of two at least `n` (at least 1).
    static func tableSize(for n: Int) -> Int {
        var size = 1
        while size < n && size < (1 << 30) { size <<= 1 }
        return size
    }

    /// The distinct elements of `elements` in the order `new ArrayList<>(new HashSet<>(elements))`
    /// gives them: by bucket, and by first appearance within a bucket.
    static func hashSetOrder(_ elements: [JSON]) -> [JSON] {
        let capacity = tableSize(for: max(Int(Float(elements.count) / 0.75) + 1, 16))
        var buckets: [Int: [JSON]] = [:]
        for element in elements {
            let b = bucket(hashCode(element), capacity: capacity)
            var members = buckets[b] ?? []
            if members.contains(where: { equals($0, element) }) { continue }
            members.append(element)
            buckets[b] = members
        }
        return buckets.keys.sorted().flatMap { buckets[$0] ?? [] }
    }

    /// The members of `first` overwritten by those of `second`, in the order of
    /// `new HashMap<>(first)` followed by `putAll(second)`.
    static func hashMapMerge(_ first: JSONObject, _ second: JSONObject) -> JSONObject {
        var map = JavaHashMapShape()
        map.copyConstruct(size: first.count)
        var merged = first
        var newKeys = 0
        for key in second.keys where first[key] == nil { newKeys += 1 }
        map.putAll(size: second.count, newKeys: newKeys)
        for (key, value) in second { merged[key] = value }
        let capacity = map.capacity
        var buckets: [Int: [String]] = [:]
        for key in merged.keys { buckets[bucket(stringHash(key), capacity: capacity), default: []].append(key) }
        var result = JSONObject(minimumCapacity: merged.count)
        for b in buckets.keys.sorted() {
            for key in buckets[b] ?? [] { result[key] = merged[key] }
        }
        return result
    }
}

/// Tracks how big a `java.util.HashMap`'s table grows (JDK 8–17 rules), which decides its order.
struct JavaHashMapShape {
    private(set) var capacity = 0
    private var threshold = 0
    private var size = 0

    /// `new HashMap<>(m)` for a map of `size` entries.
    mutating func copyConstruct(size: Int) {
        presize(for: size)
        for _ in 0..<size { insertNewKey() }
    }

    /// `putAll(m)` of `size` entries, `newKeys` of them not yet present.
    mutating func putAll(size incoming: Int, newKeys: Int) {
        guard incoming > 0 else { return }
        if capacity == 0 {
            presize(for: incoming)
        } else if incoming > threshold {
            resize()
        }
        for _ in 0..<newKeys { insertNewKey() }
    }

    private mutating func presize(for count: Int) {
        guard count > 0 else { return }
        let t = Int(Float(count) / 0.75 + 1)
        if t > threshold { threshold = Java.tableSize(for: t) }
    }

    private mutating func insertNewKey() {
        if capacity == 0 { resize() }
        size += 1
        if size > threshold { resize() }
    }

    private mutating func resize() {
        if capacity > 0 {
            capacity *= 2
        } else {
            capacity = threshold > 0 ? threshold : 16
        }
        threshold = Int(Float(capacity) * 0.75)
    }
}
