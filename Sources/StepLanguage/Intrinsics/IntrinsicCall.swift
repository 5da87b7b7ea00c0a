public import StepJSON

/// One argument of an intrinsic function call: a literal, a path to resolve, or a nested call.
///
/// String literals hold their value with the escapes (`\'`, `\{`, `\}`, `\\`) removed, except the
/// first argument of `States.Format`, which keeps them: the template engine reads them at run time,
/// as it does for a template that comes from a path.
public indirect enum IntrinsicArgument: Sendable, Hashable {
    case literal(JSON)
    case path(JSONPath)
    case call(IntrinsicCall)
}

/// A parsed intrinsic function call such as `States.Format('Hello {}', $.name)`.
public struct IntrinsicCall: Sendable, Hashable, CustomStringConvertible {
    public var function: IntrinsicFunction
    public var arguments: [IntrinsicArgument]
    /// The call as AWS quotes it in error causes: `States.Name(arg, arg)`, each argument as written.
    public var text: String

    public var description: String { text }

    /// A call built in code; `text` is rendered from the arguments.
    public init(function: IntrinsicFunction, arguments: [IntrinsicArgument]) {
        self.function = function
        self.arguments = arguments
        self.text = IntrinsicCall.render(function, arguments)
    }

    init(function: IntrinsicFunction, arguments: [IntrinsicArgument], text: String) {
        self.function = function
        self.arguments = arguments
        self.text = text
    }
}

extension IntrinsicCall {
    /// True when `text` looks like an intrinsic call (starts with `States.` and a known name followed
    /// by `(`) — used to decide whether a `.$` value is a path or a call.
    public static func looksLikeCall(_ text: String) -> Bool {
        guard text.hasPrefix("States.") else { return false }
        var nameEnd = text.index(text.startIndex, offsetBy: 7)
        while nameEnd < text.endIndex, text[nameEnd].isASCII, text[nameEnd].isLetter || text[nameEnd].isNumber {
            nameEnd = text.index(after: nameEnd)
        }
        guard IntrinsicFunction(name: text[..<nameEnd]) != nil else { return false }
        let rest = text[nameEnd...].drop(while: IntrinsicParser.isSpace)
        return rest.first == "("
    }

    /// Parses a whole field value such as `States.Format('{}', $.a)`; anything after the closing
    /// parenthesis other than whitespace is an error. The error's message says what is wrong, for
    /// definition validation (AWS reports these as SCHEMA_VALIDATION_FAILED).
    public init(parsing text: String) throws(IntrinsicParseError) {
        var parser = IntrinsicParser(text)
        self = try parser.parseTopLevel()
    }

    /// Renders a call built in code the way the parser renders a parsed one.
    static func render(_ function: IntrinsicFunction, _ arguments: [IntrinsicArgument]) -> String {
        var parts: [String] = []
        for (i, argument) in arguments.enumerated() {
            switch argument {
            case .path(let path): parts.append(path.text)
            case .call(let call): parts.append(call.text)
            case .literal(.string(let s)):
                if function == .format && i == 0 {
                    parts.append("'" + s + "'")
                } else {
                    parts.append("'" + IntrinsicCall.escapeLiteral(s) + "'")
                }
            case .literal(let value): parts.append(value.serialized())
            }
        }
        return function.rawValue + "(" + parts.joined(separator: ", ") + ")"
    }

    /// Escapes the reserved characters of an intrinsic string literal.
    static func escapeLiteral(_ s: String) -> String {
        var out = ""
        for c in s {
            if c == "'" || c == "{" || c == "}" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}

/// Why a field value that looks like an intrinsic call could not be parsed.
public struct IntrinsicParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole text that was parsed.
    public var text: String
    /// What is wrong, e.g. `unknown intrinsic function 'States.Foo'`.
    public var message: String
    /// Character offset in `text` where the problem was found.
    public var offset: Int

    public init(text: String, message: String, offset: Int) {
        self.text = text
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) at offset \(offset) in \(text)" }
}
