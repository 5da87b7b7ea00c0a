extension JSON {
    /// Whether the compact serialisation is longer than `limit` UTF-8 bytes; stops counting once it is.
    public func serializedSizeExceeds(_ limit: Int) -> Bool {
        var budget = limit
        return !fits(&budget)
    }

    private func fits(_ budget: inout Int) -> Bool {
        switch self {
        case .null: budget -= 4
        case .bool(let b): budget -= b ? 4 : 5
        case .int(let i): budget -= JSON.decimalLength(i)
        case .double(let d): budget -= JSON.formatDouble(d).utf8.count
        case .string(let s): budget -= s.utf8.count + 2
        case .array(let a):
            budget -= 2 + a.count
            for v in a where budget >= 0 { if !v.fits(&budget) { return false } }
        case .object(let o):
            budget -= 2 + o.count * 2
            for (k, v) in o where budget >= 0 {
                budget -= k.utf8.count + 2
                if !v.fits(&budget) { return false }
            }
        }
        return budget >= 0
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
