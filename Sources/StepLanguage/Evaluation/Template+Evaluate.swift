import StepJSON

extension Template {
    /// Builds the payload: constants are copied, paths and intrinsic calls evaluated against `input`.
    public func evaluate(
        input: JSON, environment: some EvaluationEnvironment, random: inout some RandomNumberGenerator
    ) throws(StatesError) -> JSON {
        switch self {
        case .constant(let v):
            return v
        case .object(let members):
            var o = JSONObject(minimumCapacity: members.count)
            for m in members {
                o[m.key] = try m.value.evaluate(input: input, environment: environment, random: &random)
            }
            return .object(o)
        case .array(let items):
            var a: [JSON] = []
            a.reserveCapacity(items.count)
            for t in items { a.append(try t.evaluate(input: input, environment: environment, random: &random)) }
            return .array(a)
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
        if let field {
            return "The JSONPath '\(path.text)' specified for the field '\(field)' could not be found in the input '\(doc.serialized())'"
        }
        return "The JSONPath '\(path.text)' could not be found in the input '\(doc.serialized())'"
    }
}
