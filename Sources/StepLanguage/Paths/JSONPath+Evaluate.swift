import StepJSON

extension JSONPath {
    /// The value the path selects in `value`, or `nil` when a definite path finds nothing.
    /// An indefinite path (wildcards, slices, filters, scans) always gives an array, possibly empty.
    public func evaluate(in value: JSON) -> JSON? {
        if isDefinite {
            var current = value
            for seg in segments {
                guard let next = Self.step(current, seg) else { return nil }
                current = next
            }
            return current
        }
        var results: [JSON] = []
        var budget = JSONPath.maximumScanVisits
        collect(value, root: value, into: &results, budget: &budget)
        guard budget >= 0 else { return nil }
        return .array(results)
    }

    /// Whether evaluating the path in `value` visits more values in its descents than
    /// `JSONPath.maximumScanVisits` allows.
    func exceedsScanBudget(in value: JSON) -> Bool {
        guard !isDefinite else { return false }
        var results: [JSON] = []
        var budget = JSONPath.maximumScanVisits
        collect(value, root: value, into: &results, budget: &budget)
        return budget < 0
    }

    /// Where a definite path stops finding anything, as Jayway reports it:
    /// `No results for path: $['a']` (the last step) or `Missing property in path $['a']` (an earlier step).
    public func missingDescription(in value: JSON) -> String {
        if exceedsScanBudget(in: value) {
            return "The path visits more than \(JSONPath.maximumScanVisits) values: \(normalized)"
        }
        var current = value
        for (i, seg) in segments.enumerated() {
            guard let next = Self.step(current, seg) else {
                let prefix = Self.normalize(segments[...i])
                // Jayway passes over an index out of bounds and reports the whole path.
                if case .index = seg { return "No results for path: \(normalized)" }
                if i == segments.count - 1 { return "No results for path: \(prefix)" }
                return "Missing property in path \(prefix)"
            }
            current = next
        }
        return "No results for path: \(normalized)"
    }

    @inline(__always)
    static func step(_ value: JSON, _ seg: PathSegment) -> JSON? {
        switch seg {
        case .member(let name):
            guard case .object(let o) = value else { return nil }
            return o[name]
        case .index(let i):
            guard case .array(let a) = value else { return nil }
            let j = i < 0 ? a.count + i : i
            guard j >= 0, j < a.count else { return nil }
            return a[j]
        default:
            return nil
        }
    }

    /// Work left in an evaluation: apply the segments from `index` on to a value, or scan a value and everything
    /// in it for the descent (`..`) at `index`.
    private enum PendingStep {
        case apply(JSON, index: Int)
        case scan(JSON, index: Int)
    }

    /// Appends what the path selects in `value`, in the order a recursive walk would find it. The work left is
    /// kept on a heap stack, so neither the number of steps nor the document's depth uses the thread's stack;
    /// `budget` counts the values descents visit and is negative once they visited too many (the results are
    /// then incomplete).
    func collect(_ value: JSON, root: JSON, into out: inout [JSON], budget: inout Int) {
        var pending: [PendingStep] = [.apply(value, index: 0)]
        while let work = pending.popLast() {
            switch work {
            case .apply(let v, let i):
                guard i < segments.count else {
                    out.append(v)
                    continue
                }
                expand(segments[i], v, index: i, root: root, into: &pending)
            case .scan(let v, let i):
                budget -= 1
                guard budget >= 0 else { return }
                guard case .descendants(let inner) = segments[i] else { continue }
                switch v {
                case .object(let o):
                    for child in o.values.reversed() where child.isContainer { pending.append(.scan(child, index: i)) }
                case .array(let a):
                    for child in a.reversed() where child.isContainer { pending.append(.scan(child, index: i)) }
                default:
                    continue
                }
                // The value's own matches come before those in its members: they go on top.
                expand(inner, v, index: i, root: root, into: &pending)
            }
        }
    }

    /// Queues what applying `seg` (the segment at `index`, or the inner segment of the descent there) to `value`
    /// leaves to do, last first.
    private func expand(_ seg: PathSegment, _ value: JSON, index i: Int, root: JSON, into pending: inout [PendingStep]) {
        let next = i + 1
        switch seg {
        case .member, .index:
            if let x = Self.step(value, seg) { pending.append(.apply(x, index: next)) }
        case .wildcard:
            switch value {
            case .array(let a): for v in a.reversed() { pending.append(.apply(v, index: next)) }
            case .object(let o): for v in o.values.reversed() { pending.append(.apply(v, index: next)) }
            default: break
            }
        case .members(let names):
            guard case .object(let o) = value else { return }
            if next == segments.count {
                // Jayway merges several named members into one object.
                var merged = JSONObject()
                for n in names { if let v = o[n] { merged[n] = v } }
                pending.append(.apply(.object(merged), index: next))
            } else {
                for n in names.reversed() { if let v = o[n] { pending.append(.apply(v, index: next)) } }
            }
        case .indexes(let ix):
            guard case .array(let a) = value else { return }
            for k in ix.reversed() {
                let j = k < 0 ? a.count + k : k
                if j >= 0, j < a.count { pending.append(.apply(a[j], index: next)) }
            }
        case .slice(let start, let end, let step):
            guard case .array(let a) = value else { return }
            for j in Self.sliceIndices(count: a.count, start: start, end: end, step: step).reversed() {
                pending.append(.apply(a[j], index: next))
            }
        case .filter(let f):
            switch value {
            case .array(let a):
                let matching = a.filter { f.matches($0, root: root) }
                for v in matching.reversed() { pending.append(.apply(v, index: next)) }
            case .object:
                if f.matches(value, root: root) { pending.append(.apply(value, index: next)) }
            default: break
            }
        case .descendants:
            pending.append(.scan(value, index: i))
        }
    }

    static func sliceIndices(count: Int, start: Int?, end: Int?, step: Int?) -> [Int] {
        let step = step ?? 1
        guard step > 0 else { return [] }
        func clamp(_ v: Int) -> Int {
            let x = v < 0 ? count + v : v
            return min(max(x, 0), count)
        }
        let s = start.map(clamp) ?? 0
        let e = end.map(clamp) ?? count
        guard s < e else { return [] }
        return Array(stride(from: s, to: e, by: step))
    }
}

extension JSON {
    var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }
}

extension FilterExpression {
    func matches(_ item: JSON, root: JSON) -> Bool {
        switch self {
        case .and(let a, let b): return a.matches(item, root: root) && b.matches(item, root: root)
        case .or(let a, let b): return a.matches(item, root: root) || b.matches(item, root: root)
        case .not(let a): return !a.matches(item, root: root)
        case .exists(let operand):
            guard let v = operand.resolve(item, root: root) else { return false }
            if case .bool(let b) = v, case .literal = operand { return b }
            return true
        case .compare(let l, let op, let r):
            if case .regex(let pattern, let ci) = r {
                guard case .string(let s)? = l.resolve(item, root: root) else { return false }
                return SimpleRegex(pattern, caseInsensitive: ci)?.matches(s) ?? false
            }
            guard let a = l.resolve(item, root: root), let b = r.resolve(item, root: root) else {
                return op == .ne
            }
            return Self.compare(a, op, b)
        }
    }

    static func compare(_ a: JSON, _ op: FilterOperator, _ b: JSON) -> Bool {
        switch op {
        case .eq: return a == b
        case .ne: return a != b
        case .lt, .le, .gt, .ge:
            let order: Int
            if let x = a.doubleValue, let y = b.doubleValue {
                order = x < y ? -1 : (x > y ? 1 : 0)
            } else if case .string(let x) = a, case .string(let y) = b {
                order = x < y ? -1 : (x > y ? 1 : 0)
            } else {
                return false
            }
            switch op {
            case .lt: return order < 0
            case .le: return order <= 0
            case .gt: return order > 0
            default: return order >= 0
            }
        case .in:
            guard case .array(let list) = b else { return false }
            return list.contains(a)
        case .nin:
            guard case .array(let list) = b else { return false }
            return !list.contains(a)
        case .subsetof:
            guard case .array(let x) = a, case .array(let list) = b else { return false }
            return x.allSatisfy(list.contains)
        case .contains:
            if case .array(let list) = a { return list.contains(b) }
            if case .string(let s) = a, case .string(let t) = b { return s.contains(t) }
            return false
        case .size:
            guard let n = b.intValue else { return false }
            switch a {
            case .array(let x): return x.count == n
            case .string(let s): return s.count == n
            default: return false
            }
        case .empty:
            guard case .bool(let want) = b else { return false }
            switch a {
            case .array(let x): return x.isEmpty == want
            case .string(let s): return s.isEmpty == want
            default: return false
            }
        case .match: return false
        }
    }
}

extension FilterOperand {
    func resolve(_ item: JSON, root: JSON) -> JSON? {
        switch self {
        case .literal(let v): return v
        case .regex: return nil
        case .current(let segs): return Self.walk(item, segs)
        case .root(let segs): return Self.walk(root, segs)
        }
    }

    static func walk(_ value: JSON, _ segs: [PathSegment]) -> JSON? {
        var current = value
        for s in segs {
            guard let n = JSONPath.step(current, s) else { return nil }
            current = n
        }
        return current
    }
}
