import StepJSON

/// A Choice rule as a short label: `$.n > 5`, `$.s == "x"`, `$.x is present`, `not (…)`, `… and …`, or a
/// JSONata `Condition` without its `{% %}`.
enum ConditionText {
    static let limit = 40

    static func short(_ rule: JSONObject) -> String {
        truncate(text(rule), limit)
    }

    static func text(_ rule: JSONObject) -> String {
        if let condition = rule["Condition"] {
            if let s = condition.stringValue { return stripJSONata(s) }
            return condition.serialized()
        }
        if case .array(let all)? = rule["And"] { return joined(all, " and ") }
        if case .array(let any)? = rule["Or"] { return joined(any, " or ") }
        if case .object(let inner)? = rule["Not"] { return "not (" + text(inner) + ")" }
        let variable = rule["Variable"]?.stringValue ?? "?"
        for (key, value) in rule where key != "Variable" && key != "Next" && key != "Comment" && key != "Assign" && key != "Output" {
            return variable + " " + comparison(key, value)
        }
        return variable
    }

    static func joined(_ rules: [JSON], _ separator: String) -> String {
        rules.map { r -> String in
            guard case .object(let o) = r else { return "?" }
            let t = text(o)
            return o["And"] != nil || o["Or"] != nil ? "(" + t + ")" : t
        }.joined(separator: separator)
    }

    static let operators: [(String, String)] = [
        ("GreaterThanEquals", ">="), ("LessThanEquals", "<="), ("GreaterThan", ">"), ("LessThan", "<"), ("Equals", "=="),
    ]

    static func comparison(_ key: String, _ value: JSON) -> String {
        switch key {
        case "IsPresent": return value == .bool(true) ? "is present" : "is absent"
        case "IsNull": return value == .bool(true) ? "is null" : "is not null"
        case "IsString", "IsNumeric", "IsBoolean", "IsTimestamp":
            let kind = key.dropFirst(2).lowercased()
            return value == .bool(true) ? "is \(kind)" : "is not \(kind)"
        case "StringMatches": return "matches " + value.serialized()
        default:
            var name = key
            let isPath = name.hasSuffix("Path")
            if isPath { name.removeLast(4) }
            for prefix in ["String", "Numeric", "Boolean", "Timestamp"] where name.hasPrefix(prefix) {
                name.removeFirst(prefix.count)
            }
            let op = operators.first { $0.0 == name }?.1 ?? name
            return op + " " + (isPath ? (value.stringValue ?? value.serialized()) : value.serialized())
        }
    }

    static func stripJSONata(_ s: String) -> String {
        var t = Substring(s)
        if t.hasPrefix("{%") { t = t.dropFirst(2) }
        if t.hasSuffix("%}") { t = t.dropLast(2) }
        return t.trimmingCharacters(in: .whitespaces)
    }

    static func truncate(_ s: String, _ n: Int) -> String {
        s.count <= n ? s : String(s.prefix(n - 1)) + "…"
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var t = self
        while let f = t.first, set.contains(f) { t = t.dropFirst() }
        while let l = t.last, set.contains(l) { t = t.dropLast() }
        return String(t)
    }
}

extension Set where Element == Character {
    fileprivate static let whitespaces: Set<Character> = [" ", "\t", "\n", "\r"]
}
