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
                budget -= 2 + a.count
                for v in a {
                    if v.isArrayOrObject { pending.append((v, depth + 1)) } else { budget -= v.scalarSize }
                }
            case .object(let o):
                if depth >= JSON.maximumNestingDepth { return true }
                budget -= 2 + o.count * 2
                for (k, v) in o {
                    budget -= k.utf8.count + 2
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
        case .double(let d): return JSON.formatDouble(d).utf8.count
        case .string(let s): return s.utf8.count + 2
        case .array, .object: return 0
        }
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
