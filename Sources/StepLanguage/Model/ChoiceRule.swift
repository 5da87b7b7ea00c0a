import StepJSON

/// A Choice rule: a comparison on a path, or a Boolean combination of rules, or (JSONata) a `Condition`.
public indirect enum ChoiceRule: Sendable {
    case and([ChoiceRule])
    case or([ChoiceRule])
    case not(ChoiceRule)
    case compare(variable: JSONPath, op: ChoiceOperator, operand: ChoiceOperand)
    case condition(Template)

    /// How deeply `And`, `Or` and `Not` may nest. Parsing and evaluating a rule recurse once a level.
    public static let maximumNesting = 64
}

/// The right-hand side of a comparison: a literal or a path (the `…Path` operators).
public enum ChoiceOperand: Sendable {
    case literal(JSON)
    case path(JSONPath)
}

/// Every comparison operator of the Choice state, without the `Path` suffix.
public enum ChoiceOperator: String, Sendable, CaseIterable {
    case stringEquals = "StringEquals"
    case stringLessThan = "StringLessThan"
    case stringGreaterThan = "StringGreaterThan"
    case stringLessThanEquals = "StringLessThanEquals"
    case stringGreaterThanEquals = "StringGreaterThanEquals"
    case stringMatches = "StringMatches"
    case numericEquals = "NumericEquals"
    case numericLessThan = "NumericLessThan"
    case numericGreaterThan = "NumericGreaterThan"
    case numericLessThanEquals = "NumericLessThanEquals"
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    case booleanEquals = "BooleanEquals"
    case timestampEquals = "TimestampEquals"
    case timestampLessThan = "TimestampLessThan"
    case timestampGreaterThan = "TimestampGreaterThan"
    case timestampLessThanEquals = "TimestampLessThanEquals"
    case timestampGreaterThanEquals = "TimestampGreaterThanEquals"
    case isNull = "IsNull"
    case isPresent = "IsPresent"
    case isNumeric = "IsNumeric"
    case isString = "IsString"
    case isBoolean = "IsBoolean"
    case isTimestamp = "IsTimestamp"

    /// Whether the operator also exists as `…Path`.
    var hasPathForm: Bool {
        switch self {
        case .stringMatches, .isNull, .isPresent, .isNumeric, .isString, .isBoolean, .isTimestamp: return false
        default: return true
        }
    }

    /// What the literal operand must be.
    var operandType: String {
        switch self {
        case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals, .stringGreaterThanEquals,
            .stringMatches, .timestampEquals, .timestampLessThan, .timestampGreaterThan, .timestampLessThanEquals,
            .timestampGreaterThanEquals:
            return "string"
        case .numericEquals, .numericLessThan, .numericGreaterThan, .numericLessThanEquals, .numericGreaterThanEquals:
            return "number"
        default:
            return "boolean"
        }
    }
}
