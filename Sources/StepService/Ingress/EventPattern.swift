import StepJSON

/// An EventBridge event pattern: matches events by exact values, `prefix`, `suffix`, `anything-but`,
/// `numeric` ranges, `exists`, `equals-ignore-case`, `wildcard`, and `$or`, as EventBridge rules do.
public struct EventPattern: Sendable {
    let pattern: JSONObject

    /// A pattern must be a JSON object whose leaves are arrays of matchers.
    public init(_ pattern: JSON) throws(PatternError) {
        guard case .object(let o) = pattern else { throw PatternError("an event pattern must be a JSON object") }
        try Self.check(o)
        self.pattern = o
    }

    /// A malformed pattern.
    public struct PatternError: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    static func check(_ o: JSONObject) throws(PatternError) {
        for (k, v) in o {
            switch v {
            case .object(let inner): try check(inner)
            case .array(let list):
                if k == "$or" {
                    for p in list {
                        guard case .object(let po) = p else { throw PatternError("$or takes an array of patterns") }
                        try check(po)
                    }
                }
            default: throw PatternError("the value of '\(k)' must be an array of matchers or a nested pattern")
            }
        }
    }

    /// Whether `event` matches.
    public func matches(_ event: JSON) -> Bool { Self.matches(pattern, event) }

    static func matches(_ pattern: JSONObject, _ event: JSON) -> Bool {
        for (key, spec) in pattern {
            if key == "$or" {
                guard case .array(let alternatives) = spec else { return false }
                let any = alternatives.contains { alt in
                    if case .object(let o) = alt { return matches(o, event) }
                    return false
                }
                if !any { return false }
                continue
            }
            let value = event[key]
            switch spec {
            case .object(let nested):
                guard let value, case .object = value else { return false }
                if !matches(nested, value) { return false }
            case .array(let matchers):
                if !matchers.contains(where: { leaf($0, value) }) { return false }
            default:
                return false
            }
        }
        return true
    }

    /// One matcher against a value that may be missing, or an array (any element may match).
    static func leaf(_ matcher: JSON, _ value: JSON?) -> Bool {
        if case .object(let m) = matcher, let exists = m["exists"]?.boolValue {
            return (value != nil) == exists
        }
        guard let value else { return false }
        if case .array(let items) = value { return items.contains { leaf(matcher, $0) } }
        switch matcher {
        case .object(let m):
            return operatorMatch(m, value)
        default:
            return matcher == value
        }
    }

    static func operatorMatch(_ m: JSONObject, _ value: JSON) -> Bool {
        if let p = m["prefix"] { return stringTest(p, value) { $0.hasPrefix($1) } }
        if let s = m["suffix"] { return stringTest(s, value) { $0.hasSuffix($1) } }
        if let e = m["equals-ignore-case"]?.stringValue, let v = value.stringValue { return v.lowercased() == e.lowercased() }
        if let w = m["wildcard"]?.stringValue, let v = value.stringValue { return wildcard(w, v) }
        if let n = m["numeric"]?.arrayValue { return numeric(n, value) }
        if let a = m["anything-but"] {
            switch a {
            case .array(let list): return !list.contains(value)
            case .object(let inner): return !operatorMatch(inner, value)
            default: return a != value
            }
        }
        return false
    }

    static func stringTest(_ arg: JSON, _ value: JSON, _ test: (String, String) -> Bool) -> Bool {
        guard let v = value.stringValue else { return false }
        if let s = arg.stringValue { return test(v, s) }
        if let s = arg["equals-ignore-case"]?.stringValue { return test(v.lowercased(), s.lowercased()) }
        return false
    }

    static func numeric(_ spec: [JSON], _ value: JSON) -> Bool {
        guard let x = value.doubleValue, spec.count % 2 == 0 else { return false }
        var i = 0
        while i + 1 < spec.count {
            guard let op = spec[i].stringValue, let y = spec[i + 1].doubleValue else { return false }
            let ok: Bool
            switch op {
            case "=": ok = x == y
            case "<": ok = x < y
            case "<=": ok = x <= y
            case ">": ok = x > y
            case ">=": ok = x >= y
            default: ok = false
            }
            if !ok { return false }
            i += 2
        }
        return true
    }

    /// `*` matches any run of characters.
    static func wildcard(_ pattern: String, _ s: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == s }
        var rest = Substring(s)
        guard let first = parts.first, rest.hasPrefix(first) else { return false }
        rest = rest.dropFirst(first.count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        guard let last = parts.last else { return true }
        return rest.hasSuffix(last)
    }
}

extension Substring {
    func range(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return startIndex..<startIndex }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
