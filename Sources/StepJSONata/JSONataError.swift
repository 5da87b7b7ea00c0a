public import StepJSON

/// An error raised while compiling or evaluating a JSONata expression, with the reference
/// implementation's code (`S0201`, `T2001`, `D3001`, …), its message, and where it happened.
///
/// The fields live in one copy-on-write box, so the error is a single pointer: every function of the parser and
/// the evaluator throws it (typed throws), and each call site reserves stack for one; a 150-byte struct there
/// made each level of a nested expression several kilobytes of stack.
public struct JSONataError: Error, Sendable, CustomStringConvertible {
    private var fields: Fields

    /// The error's contents. Shared between copies and only mutated when unshared (`isKnownUniquelyReferenced`),
    /// so a copy never sees another's changes.
    private final class Fields: @unchecked Sendable {
        var code: String
        var message: String
        var position: Int?
        var token: String?
        var value: JSON?
        var value2: JSON?
        var index: Int?
        var extra: [String: String] = [:]
        var explicitMessage = false

        init(code: String, message: String, position: Int?, token: String?, value: JSON?) {
            self.code = code
            self.message = message
            self.position = position
            self.token = token
            self.value = value
        }

        func copy() -> Fields {
            let f = Fields(code: code, message: message, position: position, token: token, value: value)
            f.value2 = value2
            f.index = index
            f.extra = extra
            f.explicitMessage = explicitMessage
            return f
        }
    }

    /// The fields, made unshared first.
    private var unique: Fields {
        mutating get {
            if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() }
            return fields
        }
    }

    public var code: String {
        get { fields.code }
        set { unique.code = newValue }
    }
    public var message: String {
        get { fields.message }
        set { unique.message = newValue }
    }
    /// Offset in the expression (UTF-16 code units, as the reference counts) where the error was found.
    public var position: Int? {
        get { fields.position }
        set { unique.position = newValue }
    }
    public var token: String? {
        get { fields.token }
        set { unique.token = newValue }
    }
    public var value: JSON? {
        get { fields.value }
        set { unique.value = newValue }
    }
    /// Second value of the message template (`{{value2}}`), e.g. in comparison type errors.
    var value2: JSON? {
        get { fields.value2 }
        set { unique.value2 = newValue }
    }
    /// Argument index of signature errors (`{{index}}`).
    var index: Int? {
        get { fields.index }
        set { unique.index = newValue }
    }
    /// Extra template inserts (`{{type}}`, `{{exp}}`, `{{functionName}}`).
    var extra: [String: String] {
        get { fields.extra }
        set { unique.extra = newValue }
    }
    /// Set when `message` was supplied by the raiser (`$error`, `$assert`) rather than the catalog.
    var explicitMessage: Bool {
        get { fields.explicitMessage }
        set { unique.explicitMessage = newValue }
    }

    public init(code: String, message: String = "", position: Int? = nil, token: String? = nil, value: JSON? = nil) {
        fields = Fields(code: code, message: message, position: position, token: token, value: value)
        if !message.isEmpty { fields.explicitMessage = true }
    }

    public var description: String { "\(code): \(message)" }

    /// The code thrown for a function result when `JSONataEnvironment.rejectFunctionResults` is set.
    public static let functionResultCode = "X0100"

    /// The code thrown for an expression nested deeper than `JSONataExpression.maximumNesting` (Stepline's own:
    /// the reference has no limit but its JavaScript stack).
    public static let nestingCode = "S0220"

    /// The code thrown when evaluation would build a value nested deeper than `JSON.maximumNestingDepth` (the
    /// deepest document Step Functions data may be).
    public static let valueNestingCode = "D1014"

    /// Fills `message` from the catalog, substituting inserts as the reference does.
    mutating func populateMessage() {
        if explicitMessage && !message.isEmpty { return }
        guard let template = JSONataError.catalog[code] else { return }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstRange(of: "{{") {
            out += rest[..<open.lowerBound]
            let triple = rest[open.upperBound...].hasPrefix("{")
            let nameStart = triple ? rest.index(after: open.upperBound) : open.upperBound
            guard let close = rest[nameStart...].firstRange(of: "}}") else {
                out += rest[open.lowerBound...]
                rest = ""
                break
            }
            let name = String(rest[nameStart..<close.lowerBound])
            var after = close.upperBound
            if triple, after < rest.endIndex, rest[after] == "}" { after = rest.index(after: after) }
            out += insert(name, raw: triple)
            rest = rest[after...]
        }
        out += rest
        message = out
    }

    private func insert(_ name: String, raw: Bool) -> String {
        func quoted(_ s: String) -> String {
            var o = ""
            JSON.writeEscaped(s, to: &o)
            return o
        }
        switch name {
        case "token":
            guard let token else { return raw ? "undefined" : "" }
            return raw ? token : quoted(token)
        case "value":
            guard let value else { return raw ? "undefined" : "" }
            if raw, case .string(let s) = value { return s }
            return jsonStringify(value)
        case "value2":
            guard let value2 else { return "" }
            return jsonStringify(value2)
        case "index":
            return index.map { String($0) } ?? ""
        case "message":
            return message
        default:
            if let e = extra[name] { return raw ? e : quoted(e) }
            return raw ? "undefined" : ""
        }
    }

    private func jsonStringify(_ j: JSON) -> String {
        Value(j).stringified(pretty: false)
    }

    static let catalog: [String: String] = [
        "S0101": "String literal must be terminated by a matching quote",
        "S0102": "Number out of range: {{token}}",
        "S0103": "Unsupported escape sequence: \\{{token}}",
        "S0104": "The escape sequence \\u must be followed by 4 hex digits",
        "S0105": "Quoted property name must be terminated with a backquote (`)",
        "S0106": "Comment has no closing tag",
        "S0201": "Syntax error: {{token}}",
        "S0202": "Expected {{value}}, got {{token}}",
        "S0203": "Expected {{value}} before end of expression",
        "S0204": "Unknown operator: {{token}}",
        "S0205": "Unexpected token: {{token}}",
        "S0206": "Unknown expression type: {{token}}",
        "S0207": "Unexpected end of expression",
        "S0208": "Parameter {{value}} of function definition must be a variable name (start with $)",
        "S0209": "A predicate cannot follow a grouping expression in a step",
        "S0210": "Each step can only have one grouping expression",
        "S0211": "The symbol {{token}} cannot be used as a unary operator",
        "S0212": "The left side of := must be a variable name (start with $)",
        "S0213": "The literal value {{value}} cannot be used as a step within a path expression",
        "S0214": "The right side of {{token}} must be a variable name (start with $)",
        "S0215": "A context variable binding must precede any predicates on a step",
        "S0216": "A context variable binding must precede the 'order-by' clause on a step",
        "S0217": "The object representing the 'parent' cannot be derived from this expression",
        "S0220": "The expression is nested more than {{value}} levels deep",
        "S0301": "Empty regular expressions are not allowed",
        "S0302": "No terminating / in regular expression",
        "S0303": "Invalid regular expression: {{value}}",
        "S0402": "Choice groups containing parameterized types are not supported",
        "S0401": "Type parameters can only be applied to functions and arrays",
        "S0500": "Attempted to evaluate an expression containing syntax error(s)",
        "T0410": "Argument {{index}} of function {{token}} does not match function signature",
        "T0411": "Context value is not a compatible type with argument {{index}} of function {{token}}",
        "T0412": "Argument {{index}} of function {{token}} must be an array of {{type}}",
        "D1001": "Number out of range: {{value}}",
        "D1002": "Cannot negate a non-numeric value: {{value}}",
        "T1003": "Key in object structure must evaluate to a string; got: {{value}}",
        "D1004": "Regular expression matches zero length string",
        "T1005": "Attempted to invoke a non-function. Did you mean ${{{token}}}?",
        "T1006": "Attempted to invoke a non-function",
        "T1007": "Attempted to partially apply a non-function. Did you mean ${{{token}}}?",
        "T1008": "Attempted to partially apply a non-function",
        "D1009": "Multiple key definitions evaluate to same key: {{value}}",
        "T1010": "The matcher function argument passed to function {{token}} does not return the correct object structure",
        "D1011": "Stack overflow. Check for non-terminating recursive function.  Consider rewriting as tail-recursive",
        "D1012": "Evaluation timeout after {{value}} milliseconds. Check for infinite loop",
        "D1013": "Object property names starting with _jsonata_ are reserved for internal use: {{value}}",
        "D1014": "The result would be nested more than {{value}} levels deep",
        "T2001": "The left side of the {{token}} operator must evaluate to a number",
        "T2002": "The right side of the {{token}} operator must evaluate to a number",
        "T2003": "The left side of the range operator (..) must evaluate to an integer",
        "T2004": "The right side of the range operator (..) must evaluate to an integer",
        "T2006": "The right side of the function application operator ~> must be a function",
        "T2007": "Type mismatch when comparing values {{value}} and {{value2}} in order-by clause",
        "T2008": "The expressions within an order-by clause must evaluate to numeric or string values",
        "T2009": "The values {{value}} and {{value2}} either side of operator {{token}} must be of the same data type",
        "T2010": "The expressions either side of operator {{token}} must evaluate to numeric or string values",
        "T2011": "The insert/update clause of the transform expression must evaluate to an object: {{value}}",
        "T2012": "The delete clause of the transform expression must evaluate to a string or array of strings: {{value}}",
        "T2013":
            "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function.",
        "D2014": "The size of the sequence allocated by the range operator (..) must not exceed 1e7.  Attempted to allocate {{value}}.",
        "D2015": "The maximum sequence length of {{value}} was exceeded.",
        "D3001": "Attempting to invoke string function on Infinity or NaN",
        "D3010": "Second argument of replace function cannot be an empty string",
        "D3011": "Fourth argument of replace function must evaluate to a positive number",
        "D3012": "Attempted to replace a matched string with a non-string value",
        "D3020": "Third argument of split function must evaluate to a positive number",
        "D3030": "Unable to cast value to a number: {{value}}",
        "D3040": "Third argument of match function must evaluate to a positive number",
        "D3050": "The second argument of reduce function must be a function with at least two arguments",
        "D3060": "The sqrt function cannot be applied to a negative number: {{value}}",
        "D3061": "The power function has resulted in a value that cannot be represented as a JSON number: base={{value}}, exponent={{exp}}",
        "D3070":
            "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function",
        "D3080": "The picture string must only contain a maximum of two sub-pictures",
        "D3081": "The sub-picture must not contain more than one instance of the 'decimal-separator' character",
        "D3082": "The sub-picture must not contain more than one instance of the 'percent' character",
        "D3083": "The sub-picture must not contain more than one instance of the 'per-mille' character",
        "D3084": "The sub-picture must not contain both a 'percent' and a 'per-mille' character",
        "D3085":
            "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'",
        "D3086":
            "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character",
        "D3087":
            "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character",
        "D3088": "The sub-picture must not contain a 'grouping-separator' at the end of the integer part",
        "D3089": "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character",
        "D3090":
            "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'",
        "D3091":
            "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'",
        "D3092":
            "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'",
        "D3093":
            "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'",
        "D3100": "The radix of the formatBase function must be between 2 and 36.  It was given {{value}}",
        "D3110": "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {{value}}",
        "D3120": "Syntax error in expression passed to function eval: {{value}}",
        "D3121": "Dynamic error evaluating the expression passed to function eval: {{value}}",
        "D3130": "Formatting or parsing an integer as a sequence starting with {{value}} is not supported by this implementation",
        "D3131": "In a decimal digit pattern, all digits must be from the same decimal group",
        "D3132": "Unknown component specifier {{value}} in date/time picture string",
        "D3133": "The 'name' modifier can only be applied to months and days in the date/time picture string, not {{value}}",
        "D3134": "The timezone integer format specifier cannot have more than four digits",
        "D3135": "No matching closing bracket ']' in date/time picture string",
        "D3136": "The date/time picture string is missing specifiers required to parse the timestamp",
        "D3137": "{{{message}}}",
        "D3138": "The $single() function expected exactly 1 matching result.  Instead it matched more.",
        "D3139": "The $single() function expected exactly 1 matching result.  Instead it matched 0.",
        "D3140": "Malformed URL passed to ${{{functionName}}}(): {{value}}",
        "D3141": "{{{message}}}",
        "U1001": "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.",
    ]
}

/// Builds an error; `value` is converted to JSON for the message.
@inline(never)
func jerr(
    _ code: String, position: Int? = nil, token: String? = nil, value: Value = .undefined,
    value2: Value = .undefined, index: Int? = nil
) -> JSONataError {
    var e = JSONataError(code: code, position: position, token: token, value: value.toJSON())
    e.value2 = value2.toJSON()
    e.index = index
    return e
}
