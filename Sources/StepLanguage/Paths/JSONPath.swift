import StepJSON

/// A compiled path as ASL uses it: `$…` over the state's data, `$$…` over the context object,
/// or `$name…` over a workflow variable.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// What the path starts from.
    public enum Root: Sendable, Hashable {
        case input
        case context
        case variable(String)
    }

    public let text: String
    public let root: Root

    public var description: String { text }

    public init(parsing text: String) throws(PathError) {
        self.text = text
        guard text.hasPrefix("$") else { throw PathError(path: text, message: "a path must start with '$'") }
        if text.hasPrefix("$$") {
            root = .context
        } else {
            root = .input
        }
    }
}

/// A path that could not be parsed.
public struct PathError: Error, Sendable, Equatable {
    public var path: String
    public var message: String
}
