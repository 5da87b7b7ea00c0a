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
        case .int: budget -= 20
        case .double: budget -= 24
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
