import StepJSON

/// Turns a definition (JSON text or value) into a compiled `StateMachine`, or every problem found in it.
///
/// Problems are reported with a JSON-pointer location and AWS's diagnostic codes; nothing in a
/// definition can make the parser crash.
public struct DefinitionParser {
    var diagnostics: [Diagnostic] = []
    var processors: [Processor?] = []
    /// Every state name seen so far, anywhere in the machine: names must be unique across branches too.
    var allStateNames: [String: String] = [:]
    /// The top-level `QueryLanguage`: when it is JSONata, no state may choose JSONPath.
    var machineLanguage: QueryLanguage = .jsonPath
    /// Processors (Parallel branches, Map item processors) enclosing the one being parsed.
    var processorDepth = 0
    /// `And`, `Or` and `Not` rules enclosing the choice rule being parsed.
    var choiceDepth = 0

    /// How deeply Map and Parallel states may nest in each other. Each level takes a few kilobytes of stack to
    /// parse (several times that in a debug build) and adds work to every execution; no workflow comes near.
    public static let maximumProcessorNesting = 40

    init() {}

    /// Parses and validates a definition given as JSON text.
    public static func parse(_ text: String) throws(DefinitionError) -> StateMachine {
        let json: JSON
        do {
            json = try JSON(parsing: text)
        } catch {
            throw DefinitionError(diagnostics: [Diagnostic(.invalidJSON, at: "/", "Invalid JSON: \(error)")])
        }
        return try parse(json)
    }

    /// Parses and validates a definition given as a JSON value.
    public static func parse(_ json: JSON) throws(DefinitionError) -> StateMachine {
        var p = DefinitionParser()
        guard case .object(let top) = json else {
            throw DefinitionError(diagnostics: [
                Diagnostic(.schemaValidationFailed, at: "/", "The definition must be a JSON object")
            ])
        }
        let language = p.queryLanguage(top, at: "", inherited: .jsonPath) ?? .jsonPath
        p.machineLanguage = language
        p.checkFields(
            top, at: "", allowed: ["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"])
        var timeout: Int?
        if let t = top["TimeoutSeconds"] {
            if let n = t.intValue, n >= 0, n <= 99_999_999, t.isNumber {
                timeout = n
            } else {
                p.error(.schemaValidationFailed, "/TimeoutSeconds", "TimeoutSeconds must be a non-negative integer")
            }
        }
        if let v = top["Version"], v.stringValue == nil {
            p.error(.schemaValidationFailed, "/Version", "Version must be a string")
        }
        _ = p.parseProcessor(top, at: "", language: language)
        if !p.diagnostics.isEmpty { throw DefinitionError(diagnostics: p.diagnostics) }
        let built = p.processors.compactMap { $0 }
        guard built.count == p.processors.count else {
            throw DefinitionError(diagnostics: [Diagnostic(.schemaValidationFailed, at: "/", "Incomplete definition")])
        }
        return StateMachine(
            definition: json, comment: top["Comment"]?.stringValue, queryLanguage: language,
            timeoutSeconds: timeout, processors: built)
    }

    // MARK: Diagnostics

    mutating func error(_ code: Diagnostic.Code, _ location: String, _ message: String) {
        diagnostics.append(Diagnostic(code, at: location.isEmpty ? "/" : location, message))
    }

    mutating func checkFields(_ object: JSONObject, at location: String, allowed: Set<String>) {
        for key in object.keys where !allowed.contains(key) {
            error(.schemaValidationFailed, "\(location)/\(Self.escape(key))", "The field '\(key)' is not supported by Step Functions")
        }
    }

    /// JSON-pointer escaping of one reference token.
    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    mutating func queryLanguage(_ object: JSONObject, at location: String, inherited: QueryLanguage) -> QueryLanguage? {
        guard let v = object["QueryLanguage"] else { return nil }
        guard let s = v.stringValue, let ql = QueryLanguage(rawValue: s) else {
            error(.schemaValidationFailed, "\(location)/QueryLanguage", "QueryLanguage must be \"JSONPath\" or \"JSONata\"")
            return nil
        }
        // Only the machine's own choice binds: inside a JSONata Map of a JSONPath machine, JSONPath is allowed.
        if machineLanguage == .jsonata && ql == .jsonPath && !location.isEmpty {
            error(
                .schemaValidationFailed, location,
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine")
        }
        return ql
    }

    // MARK: Processors

    /// Parses a `StartAt` + `States` object into a new processor and returns its index.
    ///
    /// Map and Parallel states parse processors of their own from here, through `parseState`: the checks before
    /// and after the states are in functions of their own, so that the frames on that recursive path stay small.
    mutating func parseProcessor(_ object: JSONObject, at location: String, language: QueryLanguage) -> Int {
        let index = processors.count
        processors.append(nil)
        guard processorDepth <= Self.maximumProcessorNesting else {
            error(
                .schemaValidationFailed, location,
                "Map and Parallel states may be nested at most \(Self.maximumProcessorNesting) deep")
            return index
        }
        processorDepth += 1
        defer { processorDepth -= 1 }
        guard let head = processorHead(object, at: location) else { return index }
        var built: [State] = []
        for (name, value) in head.states {
            let loc = "\(location)/States/\(Self.escape(name))"
            guard case .object(let stateObject) = value else {
                error(.schemaValidationFailed, loc, "A state must be a JSON object")
                continue
            }
            if let s = parseState(name: name, stateObject, at: loc, names: head.names, language: language) {
                built.append(s)
            }
        }
        finishProcessor(index, object, at: location, head: head, states: built)
        return index
    }

    /// A processor's states, their names and where it starts, before the states are parsed.
    struct ProcessorHead {
        var states: JSONObject
        var names: [String: Int]
        var startAt: Int
    }

    @inline(never)
    mutating func processorHead(_ object: JSONObject, at location: String) -> ProcessorHead? {
        let missing = ["States", "StartAt"].filter { object[$0] == nil }
        if !missing.isEmpty {
            error(.schemaValidationFailed, location, "These fields are required: [\(missing.joined(separator: ", "))]")
            if missing.contains("States") { return nil }
        }
        guard case .object(let states)? = object["States"] else {
            error(.schemaValidationFailed, "\(location)/States", "The field 'States' must be an object")
            return nil
        }
        if states.isEmpty {
            error(.schemaValidationFailed, "\(location)/States", "'States' must contain at least one state")
        }
        var names: [String: Int] = [:]
        for (i, name) in states.keys.enumerated() {
            names[name] = i
            let here = "\(location)/States/\(Self.escape(name))"
            if let first = allStateNames[name] {
                error(.duplicateStateName, here, "Duplicate State name: \(name) (also at \(first))")
            } else {
                allStateNames[name] = here
            }
            if name.isEmpty || name.count > 80 {
                error(.invalidStateName, "\(location)/States/\(Self.escape(name))", "State names must be 1 to 80 characters long")
            }
        }
        var startAt = 0
        if let s = object["StartAt"]?.stringValue {
            if let i = names[s] {
                startAt = i
            } else {
                error(.missingTransitionTarget, "\(location)/StartAt", "Missing 'StartAt' target: \(s)")
            }
        } else if object["StartAt"] != nil {
            error(.schemaValidationFailed, "\(location)/StartAt", "The field 'StartAt' must be a string")
        }
        return ProcessorHead(states: states, names: names, startAt: startAt)
    }

    @inline(never)
    mutating func finishProcessor(
        _ index: Int, _ object: JSONObject, at location: String, head: ProcessorHead, states built: [State]
    ) {
        if built.count == head.states.count {
            checkReachability(built, startAt: head.startAt, at: location)
            processors[index] = Processor(
                index: index, startAt: head.startAt, states: built, names: head.names,
                comment: object["Comment"]?.stringValue)
        }
    }

    mutating func checkReachability(_ states: [State], startAt: Int, at location: String) {
        var seen = Set<Int>()
        var stack = [startAt]
        var hasTerminal = false
        while let i = stack.popLast() {
            guard seen.insert(i).inserted, i < states.count else { continue }
            let s = states[i]
            var targets: [Int] = []
            if let n = s.next { targets.append(n) }
            switch s.kind {
            case .choice(let c):
                targets += c.choices.map(\.next)
                if let d = c.defaultNext { targets.append(d) }
            case .succeed, .fail: hasTerminal = true
            default: if s.next == nil { hasTerminal = true }
            }
            targets += s.catchers.map(\.next)
            stack += targets
        }
        for (i, s) in states.enumerated() where !seen.contains(i) {
            error(.unreachableState, "\(location)/States/\(Self.escape(s.name))", "State \"\(s.name)\" is not reachable")
        }
        if !hasTerminal {
            error(.missingEndState, location.isEmpty ? "/" : location, "Workflow has no terminal state")
        }
    }
}

extension DefinitionParser {
    /// Compiles one payload template (e.g. a Distributed Map's `ItemSelector`) outside a definition.
    public static func template(_ json: JSON, language: QueryLanguage) throws(DefinitionError) -> Template {
        var p = DefinitionParser()
        let t = p.template(json, at: "", language: language)
        if !p.diagnostics.isEmpty { throw DefinitionError(diagnostics: p.diagnostics) }
        return t
    }
}
