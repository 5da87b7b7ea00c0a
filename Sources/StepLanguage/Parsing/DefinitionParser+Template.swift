import StepJSON
import StepJSONata

extension DefinitionParser {
    /// Compiles a payload template; constant subtrees fold into one `.constant`.
    ///
    /// The objects and arrays being compiled are kept on a heap stack, not the thread's: a template may nest as
    /// deeply as any JSON document. Members are compiled in order, so diagnostics come out in document order.
    mutating func template(_ value: JSON, at loc: String, language: QueryLanguage) -> Template {
        var open: [OpenTemplate] = []
        var start: (JSON, String)? = (value, loc)
        var finished: Template?
        while true {
            if let (v, l) = start {
                start = nil
                if let container = OpenTemplate(v, at: l) {
                    open.append(container)
                } else {
                    finished = leafTemplate(v, at: l, language: language)
                }
            }
            guard var top = open.popLast() else { return finished ?? .constant(value) }
            if let child = finished {
                top.add(child)
                finished = nil
            }
            // The next member of the innermost container, or the container itself when it is complete.
            if let (key, member) = top.nextMember() {
                let childLoc = "\(top.loc)/\(key.map(Self.escape) ?? String(top.index - 1))"
                if let key, language == .jsonPath, key.hasSuffix(".$") {
                    top.add(dynamicLeaf(member, field: key, at: childLoc), as: String(key.dropLast(2)))
                } else {
                    start = (member, childLoc)
                }
                open.append(top)
            } else {
                finished = top.finish()
            }
        }
    }

    /// A template that is not a non-empty object or array.
    mutating func leafTemplate(_ value: JSON, at loc: String, language: QueryLanguage) -> Template {
        switch value {
        case .string(let s) where language == .jsonata && Self.isJSONataExpression(s):
            let body = String(s.dropFirst(2).dropLast(2)).trimmingSpaces()
            do {
                return .jsonata(try JSONataExpression(body), field: Self.fieldName(loc))
            } catch {
                self.error(.invalidJSONata, loc, "The JSONata expression '\(body)' is invalid: \(error.code): \(error.message)")
                return .constant(.null)
            }
        default:
            return .constant(value)
        }
    }

    /// The field a location names inside its state (`/States/A/Output/x` → `Output/x`), as AWS's causes quote it.
    static func fieldName(_ loc: String) -> String {
        let parts = loc.split(separator: "/", omittingEmptySubsequences: false)
        guard let i = parts.lastIndex(of: "States"), i + 2 <= parts.count else { return loc }
        return parts[(i + 2)...].joined(separator: "/")
    }

    static func fold(_ members: [TemplateMember]) -> JSONObject {
        var o = JSONObject(minimumCapacity: members.count)
        for m in members {
            if case .constant(let v) = m.value { o[m.key] = v }
        }
        return o
    }

    /// The value of a `key.$` field: a path or an intrinsic function call.
    mutating func dynamicLeaf(_ v: JSON, field: String, at loc: String) -> Template {
        guard let s = v.stringValue else {
            error(
                .schemaValidationFailed, loc,
                "The value for the field '\(field)' must be a STRING that contains a JSONPath or an intrinsic function")
            return .constant(.null)
        }
        if IntrinsicCall.looksLikeCall(s) {
            do {
                return .intrinsic(try IntrinsicCall(parsing: s), field: field)
            } catch {
                self.error(
                    .invalidIntrinsic, loc, "The value for the field '\(field)' must be a valid intrinsic function: \(error.message)")
                return .constant(.null)
            }
        }
        guard s.hasPrefix("$") else {
            error(
                .schemaValidationFailed, loc,
                "The value for the field '\(field)' must be a valid JSONPath or a valid intrinsic function call")
            return .constant(.null)
        }
        guard let p = path(v, at: loc) else { return .constant(.null) }
        return .path(p, field: field)
    }

    /// `Assign`: an object whose keys are variable names (with `.$` for dynamic values in JSONPath mode).
    mutating func assignTemplate(_ value: JSON, at loc: String, language: QueryLanguage) -> Template {
        guard case .object(let o) = value else {
            error(.schemaValidationFailed, loc, "Assign must be a JSON object")
            return .constant(.object(JSONObject()))
        }
        for key in o.keys {
            let name = language == .jsonPath && key.hasSuffix(".$") ? String(key.dropLast(2)) : key
            if let problem = Self.variableNameProblem(name) {
                error(.invalidVariable, "\(loc)/\(Self.escape(key))", problem)
            }
        }
        return template(value, at: loc, language: language)
    }

    /// AWS's rules for a variable name, or `nil` when it is valid.
    static func variableNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "Variable names cannot be empty" }
        if name.count > 80 { return "Variable name '\(name)' is longer than 80 characters" }
        if name == "states" { return "The variable name 'states' is reserved" }
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else {
            return "Variable name '\(name)' must start with a letter or an underscore"
        }
        for c in name.unicodeScalars where !(c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil) {
            return "Variable name '\(name)' contains the character '\(c)', which is not allowed"
        }
        return nil
    }

    mutating func retriers(_ value: JSON, at loc: String) -> [Retrier] {
        guard case .array(let a) = value else {
            error(.schemaValidationFailed, loc, "Retry must be an array")
            return []
        }
        var out: [Retrier] = []
        for (i, item) in a.enumerated() {
            let l = "\(loc)/\(i)"
            guard case .object(let r) = item else {
                error(.schemaValidationFailed, l, "A retrier must be an object")
                continue
            }
            checkFields(
                r, at: l,
                allowed: ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"])
            let errors = errorEquals(r, at: l)
            let interval = number(r, "IntervalSeconds", at: l, default: 1, minimum: 1, integer: true)
            let attempts = number(r, "MaxAttempts", at: l, default: 3, minimum: 0, integer: true)
            let backoff = number(r, "BackoffRate", at: l, default: 2, minimum: 1, integer: false)
            var maxDelay: Double?
            if r["MaxDelaySeconds"] != nil {
                maxDelay = number(r, "MaxDelaySeconds", at: l, default: 0, minimum: 1, integer: true)
            }
            var jitter = false
            if let j = r["JitterStrategy"] {
                switch j.stringValue {
                case "FULL": jitter = true
                case "NONE": jitter = false
                default: error(.schemaValidationFailed, "\(l)/JitterStrategy", "JitterStrategy must be FULL or NONE")
                }
            }
            out.append(
                Retrier(
                    errorEquals: errors, intervalSeconds: interval, maxAttempts: Int(attempts), backoffRate: backoff,
                    maxDelaySeconds: maxDelay, jitterFull: jitter))
        }
        checkStatesAllLast(out.map(\.errorEquals), at: loc)
        return out
    }

    mutating func number(
        _ o: JSONObject, _ field: String, at loc: String, default d: Double, minimum: Double, integer: Bool
    ) -> Double {
        guard let v = o[field] else { return d }
        guard let x = v.doubleValue, x >= minimum, x <= 99_999_999, !integer || v.intValue != nil else {
            error(
                .schemaValidationFailed, "\(loc)/\(field)",
                "\(field) must be \(integer ? "an integer" : "a number") of at least \(JSON.number(minimum))")
            return d
        }
        return x
    }

    mutating func errorEquals(_ o: JSONObject, at loc: String) -> [String] {
        guard case .array(let a)? = o["ErrorEquals"], !a.isEmpty else {
            error(.schemaValidationFailed, "\(loc)/ErrorEquals", "ErrorEquals must be a non-empty array of strings")
            return []
        }
        var out: [String] = []
        for v in a {
            guard let s = v.stringValue else {
                error(.schemaValidationFailed, "\(loc)/ErrorEquals", "ErrorEquals must contain only strings")
                continue
            }
            out.append(s)
        }
        if out.contains(StatesErrorName.all), out.count > 1 {
            error(.schemaValidationFailed, "\(loc)/ErrorEquals", "States.ALL must appear alone in ErrorEquals")
        }
        return out
    }

    mutating func checkStatesAllLast(_ lists: [[String]], at loc: String) {
        for (i, l) in lists.enumerated() where l.contains(StatesErrorName.all) && i != lists.count - 1 {
            error(.schemaValidationFailed, "\(loc)/\(i)", "States.ALL must appear only in the last entry")
        }
    }

    mutating func catchers(_ value: JSON, at loc: String, names: [String: Int], language: QueryLanguage) -> [Catcher] {
        guard case .array(let a) = value else {
            error(.schemaValidationFailed, loc, "Catch must be an array")
            return []
        }
        var out: [Catcher] = []
        for (i, item) in a.enumerated() {
            let l = "\(loc)/\(i)"
            guard case .object(let c) = item else {
                error(.schemaValidationFailed, l, "A catcher must be an object")
                continue
            }
            var allowed: Set<String> = ["ErrorEquals", "Next", "Assign", "Comment"]
            allowed.insert(language == .jsonata ? "Output" : "ResultPath")
            checkFields(c, at: l, allowed: allowed)
            let errors = errorEquals(c, at: l)
            guard let nv = c["Next"] else {
                error(.schemaValidationFailed, "\(l)/Next", "The field 'Next' is required")
                continue
            }
            guard let next = target(nv, at: "\(l)/Next", names: names, field: "Next") else { continue }
            out.append(
                Catcher(
                    errorEquals: errors, next: next, resultPath: optionalPath(c, "ResultPath", at: l, reference: true),
                    assign: c["Assign"].map { assignTemplate($0, at: "\(l)/Assign", language: language) },
                    output: c["Output"].map { template($0, at: "\(l)/Output", language: language) }))
        }
        checkStatesAllLast(out.map(\.errorEquals), at: loc)
        return out
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

/// An object or array of a template being compiled: its members so far and the position of the next one.
struct OpenTemplate {
    let source: JSON
    let loc: String
    /// How many members of `source` were handed out.
    private(set) var index = 0
    private var members: [TemplateMember] = []
    private var items: [Template] = []
    /// The output key of the member handed out last (an object's, without `.$` for dynamic values).
    private var pendingKey = ""

    /// Starts compiling `value` when it is a non-empty object or array.
    init?(_ value: JSON, at loc: String) {
        switch value {
        case .object(let o) where !o.isEmpty: break
        case .array(let a) where !a.isEmpty: break
        default: return nil
        }
        source = value
        self.loc = loc
    }

    /// The next member to compile (with its key for an object), or nil when every member is done.
    mutating func nextMember() -> (String?, JSON)? {
        switch source {
        case .object(let o):
            guard index < o.count else { return nil }
            defer { index += 1 }
            pendingKey = o.keys[index]
            return (o.keys[index], o.values[index])
        case .array(let a):
            guard index < a.count else { return nil }
            defer { index += 1 }
            return (nil, a[index])
        default:
            return nil
        }
    }

    /// Records the compiled form of the member handed out last, under `key` when given.
    mutating func add(_ t: Template, as key: String? = nil) {
        if case .object = source {
            members.append(TemplateMember(key: key ?? pendingKey, value: t))
        } else {
            items.append(t)
        }
    }

    /// The compiled container: one constant when every member is constant.
    func finish() -> Template {
        if case .object = source {
            if members.allSatisfy(\.value.isConstant) { return .constant(.object(DefinitionParser.fold(members))) }
            return .object(members)
        }
        if items.allSatisfy(\.isConstant) { return .constant(source) }
        return .array(items)
    }
}
