/// A problem found in a definition, located by its JSON pointer (`/States/Check/Next`).
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// AWS's diagnostic codes.
    public enum Code: String, Sendable {
        case invalidJSON = "INVALID_JSON_DESCRIPTION"
        case schemaValidationFailed = "SCHEMA_VALIDATION_FAILED"
        case invalidResource = "INVALID_RESOURCE"
        case missingEndState = "MISSING_END_STATE"
        case duplicateStateName = "DUPLICATE_STATE_NAME"
        case invalidStateName = "INVALID_STATE_NAME"
        case missingTransitionTarget = "MISSING_TRANSITION_TARGET"
        case unreachableState = "UNREACHABLE_STATE"
        case invalidJSONPath = "INVALID_JSON_PATH"
        case invalidIntrinsic = "INVALID_INTRINSIC_FUNCTION"
        case invalidVariable = "INVALID_VARIABLE_NAME"
        case invalidJSONata = "INVALID_JSONATA"
    }

    public var code: Code
    public var location: String
    public var message: String

    public init(_ code: Code, at location: String, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(code.rawValue): \(message)" }
}

/// A definition that does not validate, with every problem found.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
