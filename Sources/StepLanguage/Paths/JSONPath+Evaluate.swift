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
        collect(value, segments[...], root: value, into: &results)
        return .array(results)
    }

    /// Where a definite path stops finding anything, as Jayway reports it:
    /// `No results for path: $['a']` (the last step) or `Missing property in path $['a']` (an earlier step).
    public func missingDescription(in value: JSON) -> String {
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

    func collect(_ value: JSON, _ rest: ArraySlice<PathSegment>, root: JSON, into out: inout [JSON]) {
        guard let seg = rest.first else {
            out.append(value)
            return
        }
        let tail = rest.dropFirst()
        switch seg {
        case .member, .index:
            if let next = Self.step(value, seg) { collect(next, tail, root: root, into: &out) }
        case .wildcard:
            switch value {
            case .array(let a): for v in a { collect(v, tail, root: root, into: &out) }
            case .object(let o): for (_, v) in o { collect(v, tail, root: root, into: &out) }
            default: break
            }
        case .members(let names):
            guard case .object(let o) = value else { return }
            if tail.isEmpty {
                // Jayway merges several named members into one object.
                var merged = JSONObject()
                for n in names { if let v = o[n] { merged[n] = v } }
                out.append(.object(merged))
            } else {
                for n in names { if let v = o[n] { collect(v, tail, root: root, into: &out) } }
            }
        case .indexes(let ix):
            guard case .array(let a) = value else { return }
            for i in ix {
                let j = i < 0 ? a.count + i : i
                if j >= 0, j < a.count { collect(a[j], tail, root: root, into: &out) }
            }
        case .slice(let start, let end, let step):
            guard case .array(let a) = value else { return }
            for j in Self.sliceIndices(count: a.count, start: start, end: end, step: step) {
                collect(a[j], tail, root: root, into: &out)
            }
        case .filter(let f):
            switch value {
            case .array(let a):
                for v in a where f.matches(v, root: root) { collect(v, tail, root: root, into: &out) }
            case .object:
                if f.matches(value, root: root) { collect(value, tail, root: root, into: &out) }
            default: break
            }
        case .descendants(let inner):
            scan(value, inner, tail, root: root, into: &out)
        }
    }

    func scan(_ value: JSON, _ inner: PathSegment, _ tail: ArraySlice<PathSegment>, root: JSON, into out: inout [JSON]) {
        var here = ArraySlice([inner])
        here.append(contentsOf: tail)
        switch value {
        case .object(let o):
            collect(value, here, root: root, into: &out)
            for (_, v) in o { if v.isContainer { scan(v, inner, tail, root: root, into: &out) } }
        case .array(let a):
            collect(value, here, root: root, into: &out)
            for v in a { if v.isContainer { scan(v, inner, tail, root: root, into: &out) } }
        default: break
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
