import StepJSON

extension Template {
    /// Builds the payload: constants are copied, paths and intrinsic calls evaluated against `input`.
    public func evaluate(
        input: JSON, environment: some EvaluationEnvironment, random: inout some RandomNumberGenerator
    ) throws(StatesError) -> JSON {
        try evaluate(input: input, environment: environment, random: &random, level: 0)
    }

    /// Levels of objects and arrays evaluated by plain recursion (the fast path); deeper ones are built with a
    /// heap stack, so a template as deep as any document needs little of the thread's stack.
    static let recursiveLevels = 16

    private func evaluate(
        input: JSON, environment: some EvaluationEnvironment, random: inout some RandomNumberGenerator, level: Int
    ) throws(StatesError) -> JSON {
        switch self {
        case .object(let members):
            if level >= Self.recursiveLevels {
                return try evaluateDeep(input: input, environment: environment, random: &random)
            }
            var o = JSONObject(minimumCapacity: members.count)
            for m in members {
                o[m.key] = try m.value.evaluate(input: input, environment: environment, random: &random, level: level + 1)
            }
            return .object(o)
        case .array(let items):
            if level >= Self.recursiveLevels {
                return try evaluateDeep(input: input, environment: environment, random: &random)
            }
            var a: [JSON] = []
            a.reserveCapacity(items.count)
            for t in items {
                a.append(try t.evaluate(input: input, environment: environment, random: &random, level: level + 1))
            }
            return .array(a)
        default:
            return try evaluateLeaf(input: input, environment: environment, random: &random)
        }
    }

    /// Evaluates an object or array template with the containers being built on a heap stack.
    private func evaluateDeep(
        input: JSON, environment: some EvaluationEnvironment, random: inout some RandomNumberGenerator
    ) throws(StatesError) -> JSON {
        guard let root = OpenPayload(self) else {
            return try evaluateLeaf(input: input, environment: environment, random: &random)
        }
        var open = [root]
        var finished: JSON?
        while var top = open.popLast() {
            if let value = finished {
                top.add(value)
                finished = nil
            }
            guard let member = top.nextMember() else {
                finished = top.result
                continue
            }
            if let container = OpenPayload(member) {
                open.append(top)
                open.append(container)
            } else {
                top.add(try member.evaluateLeaf(input: input, environment: environment, random: &random))
                open.append(top)
            }
        }
        return finished ?? .null
    }

    /// A template that is not an object or array of templates.
    private func evaluateLeaf(
        input: JSON, environment: some EvaluationEnvironment, random: inout some RandomNumberGenerator
    ) throws(StatesError) -> JSON {
        switch self {
        case .constant(let v):
            return v
        case .object, .array:
            return try evaluateDeep(input: input, environment: environment, random: &random)
        case .path(let path, let field):
            guard let v = path.resolve(input: input, environment: environment) else {
                throw StatesError.runtime(Self.missingPathMessage(path, field: field, input: input, environment: environment))
            }
            return v
        case .jsonata(let expression, let field):
            return try Self.evaluateJSONata(
                expression, field: field, input: input, environment: environment, random: &random)
        case .intrinsic(let call, _):
            return try call.evaluate(
                resolve: { (p: JSONPath) throws(StatesError) -> JSON in
                    guard let v = p.resolve(input: input, environment: environment) else {
                        throw StatesError.runtime(
                            Self.missingPathMessage(p, field: nil, input: input, environment: environment))
                    }
                    return v
                }, random: &random)
        }
    }

    static func missingPathMessage(
        _ path: JSONPath, field: String?, input: JSON, environment: some EvaluationEnvironment
    ) -> String {
        if case .variable(let name) = path.root, environment.variable(name) == nil {
            return "The variable '$\(name)' referenced in the field '\(field ?? path.text)' is not defined"
        }
        let doc = path.document(input: input, environment: environment) ?? .null
        if path.exceedsScanBudget(in: doc) {
            return
                "The JSONPath '\(path.text)' specified for the field '\(field ?? path.text)' visits more than \(JSONPath.maximumScanVisits) values"
        }
        if let field {
            return "The JSONPath '\(path.text)' specified for the field '\(field)' could not be found in the input '\(doc.serialized())'"
        }
        return "The JSONPath '\(path.text)' could not be found in the input '\(doc.serialized())'"
    }
}

/// An object or array of a template being evaluated: the value built so far and the next member to evaluate.
private struct OpenPayload {
    private let template: Template
    private var index = 0
    private var object = JSONObject()
    private var array: [JSON] = []

    /// Starts building an object or array template; nil for any other template.
    init?(_ template: Template) {
        switch template {
        case .object(let members): object = JSONObject(minimumCapacity: members.count)
        case .array(let items): array.reserveCapacity(items.count)
        default: return nil
        }
        self.template = template
    }

    /// The next member's template, or nil when all are done.
    mutating func nextMember() -> Template? {
        switch template {
        case .object(let members):
            guard index < members.count else { return nil }
            return members[index].value
        case .array(let items):
            guard index < items.count else { return nil }
            return items[index]
        default:
            return nil
        }
    }

    /// Stores the value of the member `nextMember` gave.
    mutating func add(_ value: JSON) {
        if case .object(let members) = template {
            object[members[index].key] = value
        } else {
            array.append(value)
        }
        index += 1
    }

    var result: JSON {
        if case .object = template { return .object(object) }
        return .array(array)
    }
}
