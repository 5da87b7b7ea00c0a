import StepJSON

extension DefinitionParser {
    mutating func choiceKind(_ o: JSONObject, at loc: String, names: [String: Int], language: QueryLanguage) -> StateKind? {
        guard case .array(let list)? = o["Choices"], !list.isEmpty else {
            error(.schemaValidationFailed, "\(loc)/Choices", "Choices must be a non-empty array")
            return nil
        }
        var branches: [ChoiceBranch] = []
        for (i, item) in list.enumerated() {
            let l = "\(loc)/Choices/\(i)"
            guard case .object(let c) = item else {
                error(.schemaValidationFailed, l, "A choice rule must be an object")
                continue
            }
            guard let nv = c["Next"] else {
                error(.schemaValidationFailed, "\(l)/Next", "A top-level choice rule must have 'Next'")
                continue
            }
            let next = target(nv, at: "\(l)/Next", names: names, field: "Next")
            var rest = c
            rest["Next"] = nil
            let assign = rest.removeValue(forKey: "Assign")
            let output = rest.removeValue(forKey: "Output")
            rest.removeValue(forKey: "Comment")
            guard let rule = choiceRule(rest, at: l, language: language), let next else { continue }
            branches.append(
                ChoiceBranch(
                    rule: rule, next: next,
                    assign: assign.map { assignTemplate($0, at: "\(l)/Assign", language: language) },
                    output: output.map { template($0, at: "\(l)/Output", language: language) }))
        }
        var defaultNext: Int?
        if let d = o["Default"] { defaultNext = target(d, at: "\(loc)/Default", names: names, field: "Default") }
        return .choice(ChoiceSpec(choices: branches, defaultNext: defaultNext))
    }

    /// Parses a choice rule; `And`, `Or` and `Not` nest rules, at most `ChoiceRule.maximumNesting` deep. The
    /// comparison itself is parsed by `comparisonRule`, so the frames on the recursive path stay small.
    mutating func choiceRule(_ c: JSONObject, at loc: String, language: QueryLanguage) -> ChoiceRule? {
        var c = c
        c.removeValue(forKey: "Comment")
        if language == .jsonata {
            guard let cond = c["Condition"] else {
                error(.schemaValidationFailed, loc, "A JSONata choice rule must have a 'Condition'")
                return nil
            }
            checkFields(c, at: loc, allowed: ["Condition"])
            return .condition(template(cond, at: "\(loc)/Condition", language: language))
        }
        if c["And"] != nil || c["Or"] != nil || c["Not"] != nil {
            guard choiceDepth < ChoiceRule.maximumNesting else {
                error(.schemaValidationFailed, loc, "Choice rules (And, Or, Not) may nest at most \(ChoiceRule.maximumNesting) deep")
                return nil
            }
            choiceDepth += 1
            defer { choiceDepth -= 1 }
            return combinedRule(c, at: loc, language: language)
        }
        return comparisonRule(c, at: loc)
    }

    /// `And`, `Or` or `Not`.
    @inline(never)
    mutating func combinedRule(_ c: JSONObject, at loc: String, language: QueryLanguage) -> ChoiceRule? {
        if let v = c["And"] ?? c["Or"] {
            let isAnd = c["And"] != nil
            let key = isAnd ? "And" : "Or"
            checkFields(c, at: loc, allowed: [key])
            guard case .array(let items) = v, !items.isEmpty else {
                error(.schemaValidationFailed, "\(loc)/\(key)", "\(key) must be a non-empty array of rules")
                return nil
            }
            var rules: [ChoiceRule] = []
            for (i, item) in items.enumerated() {
                guard case .object(let r) = item else {
                    error(.schemaValidationFailed, "\(loc)/\(key)/\(i)", "A choice rule must be an object")
                    return nil
                }
                guard let rule = choiceRule(r, at: "\(loc)/\(key)/\(i)", language: language) else { return nil }
                rules.append(rule)
            }
            return isAnd ? .and(rules) : .or(rules)
        }
        if let v = c["Not"] {
            checkFields(c, at: loc, allowed: ["Not"])
            guard case .object(let r) = v else {
                error(.schemaValidationFailed, "\(loc)/Not", "Not must be a choice rule object")
                return nil
            }
            guard let rule = choiceRule(r, at: "\(loc)/Not", language: language) else { return nil }
            return .not(rule)
        }
        return nil
    }

    /// A comparison: `Variable` and one operator.
    @inline(never)
    mutating func comparisonRule(_ c: JSONObject, at loc: String) -> ChoiceRule? {
        guard let variableValue = c["Variable"] else {
            error(.schemaValidationFailed, loc, "A choice rule must have 'Variable' and a comparison, or And, Or, Not")
            return nil
        }
        let variable = path(variableValue, at: "\(loc)/Variable")
        var found: (ChoiceOperator, ChoiceOperand)?
        for key in c.keys where key != "Variable" {
            var name = key
            var isPath = false
            if key.hasSuffix("Path"), let op = ChoiceOperator(rawValue: String(key.dropLast(4))), op.hasPathForm {
                name = op.rawValue
                isPath = true
            }
            guard let op = ChoiceOperator(rawValue: name), let value = c[key] else {
                error(.schemaValidationFailed, "\(loc)/\(Self.escape(key))", "The field '\(key)' is not supported by Step Functions")
                return nil
            }
            if found != nil {
                error(.schemaValidationFailed, loc, "A choice rule must have exactly one comparison operator")
                return nil
            }
            if isPath {
                guard let p = path(value, at: "\(loc)/\(key)") else { return nil }
                found = (op, .path(p))
            } else {
                let ok: Bool
                switch op.operandType {
                case "string": ok = value.stringValue != nil
                case "number": ok = value.isNumber
                default: ok = value.boolValue != nil
                }
                guard ok else {
                    error(.schemaValidationFailed, "\(loc)/\(key)", "The value of '\(key)' must be a \(op.operandType)")
                    return nil
                }
                if op.operandType == "string", op.rawValue.hasPrefix("Timestamp"), let s = value.stringValue,
                    Timestamp.parse(s) == nil
                {
                    error(.schemaValidationFailed, "\(loc)/\(key)", "The value of '\(key)' must be an ISO-8601 timestamp")
                    return nil
                }
                found = (op, .literal(value))
            }
        }
        guard let variable else { return nil }
        guard let (op, operand) = found else {
            error(.schemaValidationFailed, loc, "A choice rule must have a comparison operator")
            return nil
        }
        return .compare(variable: variable, op: op, operand: operand)
    }
}
