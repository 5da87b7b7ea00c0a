import StepJSON
import StepJSONata

/// A compiled payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`, and JSONata's
/// `Arguments`/`Output`): constant parts are folded once; only the dynamic leaves are evaluated per state.
public indirect enum Template: Sendable {
    case constant(JSON)
    case object([TemplateMember])
    case array([Template])
    /// `"key.$": "$.path"` (or `$$…`, `$var…`); `field` is the key as written, for error messages.
    case path(JSONPath, field: String)
    /// `"key.$": "States.Format(…)"`.
    case intrinsic(IntrinsicCall, field: String)
    /// `"{% expression %}"` in a JSONata state; `field` is where it stands (`Output/result`).
    case jsonata(JSONataExpression, field: String)

    public var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}

/// One member of an object template: the output key and how its value is made.
public struct TemplateMember: Sendable {
    public let key: String
    public let value: Template
}
