import StepJSON

extension DefinitionParser {
    static let commonFields: Set<String> = ["Type", "Comment", "QueryLanguage"]
    static let jsonPathOnly: Set<String> = [
        "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "ItemsPath", "MaxConcurrencyPath",
        "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "SecondsPath", "TimestampPath", "ErrorPath",
        "CausePath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "Iterator", "Result",
    ]
    static let jsonataOnly: Set<String> = ["Arguments", "Output", "Items", "Condition"]

    static func allowedFields(_ type: String) -> Set<String>? {
        let flow: Set<String> = ["InputPath", "OutputPath", "Assign", "Output"]
        let transition: Set<String> = ["Next", "End"]
        let result: Set<String> = ["ResultPath", "Parameters", "ResultSelector", "Retry", "Catch", "Arguments"]
        switch type {
        case "Pass": return flow.union(transition).union(["ResultPath", "Parameters", "Result"])
        case "Task":
            return flow.union(transition).union(result).union([
                "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
                "Credentials",
            ])
        case "Choice": return flow.union(["Choices", "Default"])
        case "Wait": return flow.union(transition).union(["Seconds", "SecondsPath", "Timestamp", "TimestampPath"])
        case "Succeed": return flow
        case "Fail": return ["Error", "ErrorPath", "Cause", "CausePath"]
        case "Parallel": return flow.union(transition).union(result).union(["Branches"])
        case "Map":
            return flow.union(transition).union(result).union([
                "Iterator", "ItemProcessor", "ItemsPath", "Items", "ItemSelector", "MaxConcurrency",
                "MaxConcurrencyPath", "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailureCount",
                "ToleratedFailureCountPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Label",
            ])
        default: return nil
        }
    }

    /// Parses one state. Map and Parallel states parse their processors, which parse states again: the fields
    /// every state has are read by `stateFields` and the type's own by `stateKind`, so that the frames on that
    /// recursive path stay small.
    mutating func parseState(
        name: String, _ o: JSONObject, at loc: String, names: [String: Int], language inherited: QueryLanguage
    ) -> State? {
        guard let f = stateFields(name: name, o, at: loc, names: names, language: inherited) else { return nil }
        guard let kind = stateKind(f.type, o, at: loc, names: names, language: f.language) else { return nil }
        return State(
            name: name, kind: kind, comment: o["Comment"]?.stringValue, next: f.next, queryLanguage: f.language,
            inputPath: f.inputPath, outputPath: f.outputPath, resultPath: f.resultPath, parameters: f.parameters,
            resultSelector: f.resultSelector, arguments: f.arguments, output: f.output, assign: f.assign,
            retry: f.retry, catchers: f.catchers)
    }

    /// What every state has: transitions, paths, templates, Retry and Catch.
    struct StateFields {
        var type: String
        var language: QueryLanguage
        var next: Int?
        var inputPath, outputPath, resultPath: OptionalPath?
        var parameters, resultSelector, arguments, output, assign: Template?
        var retry: [Retrier]
        var catchers: [Catcher]
    }

    @inline(never)
    mutating func stateFields(
        name: String, _ o: JSONObject, at loc: String, names: [String: Int], language inherited: QueryLanguage
    ) -> StateFields? {
        guard let type = o["Type"]?.stringValue else {
            error(.schemaValidationFailed, "\(loc)/Type", "The field 'Type' is required and must be a string")
            return nil
        }
        guard let allowed = Self.allowedFields(type) else {
            error(.schemaValidationFailed, "\(loc)/Type", "Unknown state type '\(type)'")
            return nil
        }
        let language = queryLanguage(o, at: loc, inherited: inherited) ?? inherited
        checkFields(o, at: loc, allowed: allowed.union(Self.commonFields))
        let forbidden = language == .jsonata ? Self.jsonPathOnly : Self.jsonataOnly
        for key in o.keys where forbidden.contains(key) && allowed.contains(key) {
            error(
                .schemaValidationFailed, "\(loc)/\(Self.escape(key))",
                "The field '\(key)' is not supported when the QueryLanguage is \(language.rawValue)")
        }
        if let c = o["Comment"], c.stringValue == nil {
            error(.schemaValidationFailed, "\(loc)/Comment", "Comment must be a string")
        }

        // Transitions.
        var next: Int?
        let terminal = type == "Choice" || type == "Succeed" || type == "Fail"
        if !terminal {
            let end = o["End"]
            if let n = o["Next"] {
                next = target(n, at: "\(loc)/Next", names: names, field: "Next")
                if end?.boolValue == true {
                    error(.schemaValidationFailed, loc, "A state cannot have both 'Next' and 'End'")
                }
            } else if end?.boolValue != true {
                error(.missingTransitionTarget, loc, "State \"\(name)\" must have either 'Next' or 'End': true")
            }
            if let end, end.boolValue == nil {
                error(.schemaValidationFailed, "\(loc)/End", "End must be a boolean")
            }
        }

        let inputPath = optionalPath(o, "InputPath", at: loc)
        let outputPath = optionalPath(o, "OutputPath", at: loc)
        let resultPath = optionalPath(o, "ResultPath", at: loc, reference: true)
        // A Map's `Parameters` is its legacy ItemSelector, compiled with the Map.
        let parameters =
            type == "Map" ? nil : o["Parameters"].map { template($0, at: "\(loc)/Parameters", language: language) }
        let resultSelector = o["ResultSelector"].map { template($0, at: "\(loc)/ResultSelector", language: language) }
        let arguments = o["Arguments"].map { template($0, at: "\(loc)/Arguments", language: language) }
        let output = o["Output"].map { template($0, at: "\(loc)/Output", language: language) }
        let assign = o["Assign"].map { assignTemplate($0, at: "\(loc)/Assign", language: language) }
        let retryList = o["Retry"].map { retriers($0, at: "\(loc)/Retry") } ?? []
        let catchList = o["Catch"].map { self.catchers($0, at: "\(loc)/Catch", names: names, language: language) } ?? []

        return StateFields(
            type: type, language: language, next: next, inputPath: inputPath, outputPath: outputPath,
            resultPath: resultPath, parameters: parameters, resultSelector: resultSelector, arguments: arguments,
            output: output, assign: assign, retry: retryList, catchers: catchList)
    }

    /// The part of a state its type decides.
    @inline(never)
    mutating func stateKind(
        _ type: String, _ o: JSONObject, at loc: String, names: [String: Int], language: QueryLanguage
    ) -> StateKind? {
        switch type {
        case "Pass": return .pass(result: o["Result"])
        case "Task": return taskKind(o, at: loc, language: language)
        case "Choice": return choiceKind(o, at: loc, names: names, language: language)
        case "Wait": return waitKind(o, at: loc, language: language)
        case "Succeed": return .succeed
        case "Fail": return failKind(o, at: loc, language: language)
        case "Parallel": return parallelKind(o, at: loc, language: language)
        default: return mapKind(o, at: loc, language: language)
        }
    }

    mutating func target(_ value: JSON, at loc: String, names: [String: Int], field: String) -> Int? {
        guard let s = value.stringValue else {
            error(.schemaValidationFailed, loc, "\(field) must be a string")
            return nil
        }
        guard let i = names[s] else {
            error(.missingTransitionTarget, loc, "Missing '\(field)' target: \(s)")
            return nil
        }
        return i
    }

    mutating func optionalPath(_ o: JSONObject, _ field: String, at loc: String, reference: Bool = false) -> OptionalPath? {
        guard let v = o[field] else { return nil }
        if v.isNull { return .null }
        guard let p = path(v, at: "\(loc)/\(field)", reference: reference) else { return nil }
        return .path(p)
    }

    mutating func path(_ v: JSON, at loc: String, reference: Bool = false, allowContext: Bool = true) -> JSONPath? {
        guard let s = v.stringValue else {
            error(.schemaValidationFailed, loc, "The value must be a JSONPath string")
            return nil
        }
        do {
            let p = try JSONPath(parsing: s)
            if reference, !p.isReference || p.root != .input {
                error(.invalidJSONPath, loc, "The value for the field must be a valid Reference Path: \(s)")
                return nil
            }
            if !allowContext, p.root == .context {
                error(.invalidJSONPath, loc, "The value for the field must be a valid JSONPath: \(s)")
                return nil
            }
            return p
        } catch {
            self.error(.invalidJSONPath, loc, "The value for the field must be a valid JSONPath: \(s) (\(error.message))")
            return nil
        }
    }

    /// A number field that may also come from a `…Path` field (or, in JSONata, a `{% %}` expression).
    mutating func dynamicNumber(
        _ o: JSONObject, _ field: String, at loc: String, language: QueryLanguage, minimum: Int = 0,
        maximum: Int = 99_999_999
    ) -> DynamicValue? {
        let pathField = field + "Path"
        if let v = o[field] {
            if o[pathField] != nil {
                error(.schemaValidationFailed, loc, "'\(field)' and '\(pathField)' cannot both be set")
            }
            if case .string(let s) = v, language == .jsonata, Self.isJSONataExpression(s) {
                return .template(template(v, at: "\(loc)/\(field)", language: language))
            }
            guard v.isNumber, let n = v.intValue, n >= minimum, n <= maximum else {
                error(
                    .schemaValidationFailed, "\(loc)/\(field)",
                    "\(field) must be an integer between \(minimum) and \(maximum)")
                return nil
            }
            return .literal(.int(n))
        }
        if let v = o[pathField], let p = path(v, at: "\(loc)/\(pathField)") { return .path(p) }
        return nil
    }

    static func isJSONataExpression(_ s: String) -> Bool {
        s.hasPrefix("{%") && s.hasSuffix("%}") && s.count >= 4
    }
}
