extension JSON {
    /// Whether the compact serialisation is longer than `limit` UTF-8 bytes; stops counting once it is.
    ///
    /// A value nested deeper than `JSON.maximumNestingDepth` counts as exceeding any limit: its text could not be
    /// read back (an engine state holding it could not be restored), so it must not be handed on.
    public func serializedSizeExceeds(_ limit: Int) -> Bool {
        var budget = limit
        // Containers still to count, with the number of containers enclosing them.
        var pending: [(JSON, Int)] = []
        var next: (JSON, Int)? = (self, 0)
        while let (value, depth) = next {
            switch value {
            case .array(let a):
                if depth >= JSON.maximumNestingDepth { return true }
                // Brackets, and a comma between each two elements.
                budget -= 2 + max(0, a.count - 1)
                for v in a {
                    if v.isArrayOrObject { pending.append((v, depth + 1)) } else { budget -= v.scalarSize }
                }
            case .object(let o):
                if depth >= JSON.maximumNestingDepth { return true }
                // Braces, a colon per member and a comma between each two.
                budget -= 2 + o.count + max(0, o.count - 1)
                for (k, v) in o {
                    budget -= JSON.quotedLength(k)
                    if v.isArrayOrObject { pending.append((v, depth + 1)) } else { budget -= v.scalarSize }
                }
            default:
                budget -= value.scalarSize
            }
            if budget < 0 { return true }
            next = pending.popLast()
        }
        return false
    }

    /// The length of a scalar's compact serialisation (0 for containers).
    private var scalarSize: Int {
        switch self {
        case .null: return 4
        case .bool(let b): return b ? 4 : 5
        case .int(let i): return JSON.decimalLength(i)
        // NaN and the infinities are written as strings (with their quotes).
        case .double(let d): return JSON.formatDouble(d).utf8.count + (d.isFinite ? 0 : 2)
        case .string(let s): return JSON.quotedLength(s)
        case .array, .object: return 0
        }
    }

    /// The length of a string as the serializer writes it: quoted, with `"`, `\\` and control characters
    /// escaped (`\n` and the like in two bytes, the others as `\u00XX` in six).
    static func quotedLength(_ s: String) -> Int {
        var n = 2
        for b in s.utf8 {
            switch b {
            case 0x22, 0x5C, 0x08, 0x09, 0x0A, 0x0C, 0x0D: n += 2
            case 0..<0x20: n += 6
            default: n += 1
            }
        }
        return n
    }

    /// Whether arrays and objects nest more than `limit` levels in the value (`[[1]]` nests 2).
    public func nestingExceeds(_ limit: Int) -> Bool {
        var pending: [(JSON, Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .array(let a):
                if depth >= limit { return true }
                for v in a where v.isArrayOrObject { pending.append((v, depth + 1)) }
            case .object(let o):
                if depth >= limit { return true }
                for v in o.values where v.isArrayOrObject { pending.append((v, depth + 1)) }
            default: break
            }
        }
        return false
    }

    var isArrayOrObject: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }
}

extension JSON {
    static func decimalLength(_ i: Int) -> Int {
        var n = i < 0 ? 2 : 1
        var v = i.magnitude
        while v >= 10 {
            v /= 10
            n += 1
        }
        return n
    }
}
