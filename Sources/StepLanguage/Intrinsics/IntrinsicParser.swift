import StepJSON

/// A recursive-descent parser for intrinsic calls over the characters of a field value.
///
/// Grammar: `call := 'States.' Name ws* '(' ws* [arg (ws* ',' ws* arg)*] ws* ')'`, where an argument
/// is a string literal in single quotes, a number (JSON grammar), `true`, `false`, `null`, a path
/// (anything starting with `$`, scanned with brackets, parentheses and quotes balanced) or a call.
struct IntrinsicParser {
    let text: String
    let chars: [Character]
    var pos = 0
    var depth = 0

    /// AWS allows intrinsic calls nested up to 10 deep in a field.
    static let maximumDepth = 10

    init(_ text: String) {
        self.text = text
        self.chars = Array(text)
    }

    mutating func parseTopLevel() throws(IntrinsicParseError) -> IntrinsicCall {
        skipWhitespace()
        let call = try parseCall()
        skipWhitespace()
        if pos < chars.count {
            throw error("unexpected '\(chars[pos])' after the closing parenthesis")
        }
        return call
    }

    // MARK: - Calls

    mutating func parseCall() throws(IntrinsicParseError) -> IntrinsicCall {
        let start = pos
        guard matches("States.") else { throw error("expected an intrinsic function call") }
        pos += 7
        while pos < chars.count, chars[pos].isASCII, chars[pos].isLetter || chars[pos].isNumber { pos += 1 }
        let name = String(chars[start..<pos])
        guard let function = IntrinsicFunction(name: name) else {
            throw IntrinsicParseError(text: text, message: "unknown intrinsic function '\(name)'", offset: start)
        }
        depth += 1
        defer { depth -= 1 }
        guard depth <= IntrinsicParser.maximumDepth else {
            throw IntrinsicParseError(
                text: text, message: "intrinsic functions nested more than \(IntrinsicParser.maximumDepth) deep",
                offset: start)
        }
        skipWhitespace()
        guard pos < chars.count, chars[pos] == "(" else { throw error("expected '(' after \(name)") }
        pos += 1
        var arguments: [IntrinsicArgument] = []
        var renderedArguments: [String] = []
        skipWhitespace()
        if pos < chars.count, chars[pos] == ")" {
            pos += 1
        } else {
            while true {
                skipWhitespace()
                let argStart = pos
                let keepEscapes = function == .format && arguments.isEmpty
                arguments.append(try parseArgument(keepEscapes: keepEscapes))
                renderedArguments.append(String(chars[argStart..<pos]))
                skipWhitespace()
                guard pos < chars.count else { throw error("missing ')' to close \(name)(") }
                if chars[pos] == "," {
                    pos += 1
                    continue
                }
                if chars[pos] == ")" {
                    pos += 1
                    break
                }
                throw error("expected ',' or ')' but found '\(chars[pos])'")
            }
        }
        let rendered = name + "(" + renderedArguments.joined(separator: ", ") + ")"
        return IntrinsicCall(function: function, arguments: arguments, text: rendered)
    }

    // MARK: - Arguments

    mutating func parseArgument(keepEscapes: Bool) throws(IntrinsicParseError) -> IntrinsicArgument {
        guard pos < chars.count else { throw error("missing argument") }
        let c = chars[pos]
        switch c {
        case "'":
            return .literal(.string(try parseString(keepEscapes: keepEscapes)))
        case "$":
            return .path(try parsePath())
        case "-", "0"..."9":
            return .literal(try parseNumber())
        case "S":
            return .call(try parseCall())
        default:
            for (word, value) in [("true", JSON.bool(true)), ("false", JSON.bool(false)), ("null", JSON.null)]
            where matches(word) {
                let end = pos + word.count
                if end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" { break }
                pos = end
                return .literal(value)
            }
            throw error(c == "," || c == ")" ? "missing argument" : "unexpected '\(c)' in argument")
        }
    }

    /// A single-quoted literal; `\'`, `\{`, `\}` and `\\` are the only escapes AWS accepts.
    mutating func parseString(keepEscapes: Bool) throws(IntrinsicParseError) -> String {
        let start = pos
        pos += 1
        var value = ""
        while pos < chars.count {
            let c = chars[pos]
            if c == "'" {
                pos += 1
                return value
            }
            if c == "\\" {
                guard pos + 1 < chars.count else { break }
                let next = chars[pos + 1]
                guard next == "'" || next == "{" || next == "}" || next == "\\" else {
                    throw error("invalid escape sequence '\\\(next)' in string literal")
                }
                if keepEscapes { value.append("\\") }
                value.append(next)
                pos += 2
                continue
            }
            value.append(c)
            pos += 1
        }
        throw IntrinsicParseError(text: text, message: "unterminated string literal", offset: start)
    }

    /// A number in JSON grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    mutating func parseNumber() throws(IntrinsicParseError) -> JSON {
        let start = pos
        if chars[pos] == "-" { pos += 1 }
        guard pos < chars.count, chars[pos].isASCII, chars[pos].isNumber else { throw error("invalid number") }
        if chars[pos] == "0", pos + 1 < chars.count, chars[pos + 1].isASCII, chars[pos + 1].isNumber {
            throw error("invalid number")
        }
        skipDigits()
        if pos < chars.count, chars[pos] == "." {
            pos += 1
            guard pos < chars.count, chars[pos].isASCII, chars[pos].isNumber else { throw error("invalid number") }
            skipDigits()
        }
        if pos < chars.count, chars[pos] == "e" || chars[pos] == "E" {
            pos += 1
            if pos < chars.count, chars[pos] == "+" || chars[pos] == "-" { pos += 1 }
            guard pos < chars.count, chars[pos].isASCII, chars[pos].isNumber else { throw error("invalid number") }
            skipDigits()
        }
        if pos < chars.count, chars[pos].isLetter || chars[pos] == "." || chars[pos] == "_" {
            throw error("invalid number")
        }
        let literal = String(chars[start..<pos])
        if let i = Int(literal) { return .int(i) }
        guard let d = Double(literal) else {
            throw IntrinsicParseError(text: text, message: "invalid number '\(literal)'", offset: start)
        }
        return .double(d)
    }

    /// A path argument: everything from `$` up to a `,`, `)` or whitespace outside brackets,
    /// parentheses and quotes, so `$['a,b']` and `$[?(@.x == 'y')]` stay whole.
    mutating func parsePath() throws(IntrinsicParseError) -> JSONPath {
        let start = pos
        var brackets = 0
        var parens = 0
        var quote: Character? = nil
        scan: while pos < chars.count {
            let c = chars[pos]
            if let q = quote {
                if c == "\\", pos + 1 < chars.count {
                    pos += 2
                    continue
                }
                if c == q { quote = nil }
                pos += 1
                continue
            }
            let nested = brackets > 0 || parens > 0
            if c == "'" || c == "\"" {
                if nested { quote = c }
            } else if c == "[" {
                brackets += 1
            } else if c == "]" {
                brackets -= 1
            } else if c == "(" {
                parens += 1
            } else if c == ")" {
                if !nested { break scan }
                parens -= 1
            } else if c == "," || IntrinsicParser.isSpace(c) {
                if !nested { break scan }
            }
            pos += 1
        }
        if quote != nil || brackets != 0 || parens != 0 {
            throw IntrinsicParseError(text: text, message: "unbalanced path argument", offset: start)
        }
        let pathText = String(chars[start..<pos])
        do {
            return try JSONPath(parsing: pathText)
        } catch {
            throw IntrinsicParseError(
                text: text, message: "invalid path '\(pathText)': \(error.message)", offset: start)
        }
    }

    // MARK: - Helpers

    func matches(_ word: String) -> Bool {
        var i = pos
        for c in word {
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
        }
        return true
    }

    mutating func skipDigits() {
        while pos < chars.count, chars[pos].isASCII, chars[pos].isNumber { pos += 1 }
    }

    mutating func skipWhitespace() {
        while pos < chars.count, IntrinsicParser.isSpace(chars[pos]) { pos += 1 }
    }

    static func isSpace(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n"
    }

    func error(_ message: String) -> IntrinsicParseError {
        IntrinsicParseError(text: text, message: message, offset: pos)
    }
}
