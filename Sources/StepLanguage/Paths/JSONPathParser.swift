import StepJSON

/// Parses the JSONPath dialect that Step Functions accepts (Jayway's).
///
/// A filter's operands are paths, which may hold filters again: `nesting` counts the filters (and their
/// parentheses and `!`) around this path, and `JSONPath.maximumFilterNesting` bounds it, as
/// `JSONPath.maximumSegments` bounds the steps of one path.
struct JSONPathParser {
    let text: String
    let chars: [Character]
    var pos = 0
    let nesting: Int

    init(_ text: String, nesting: Int = 0) {
        self.text = text
        self.chars = Array(text)
        self.nesting = nesting
    }

    func fail(_ message: String) -> PathError { PathError(path: text, message: message) }

    var atEnd: Bool { pos >= chars.count }
    func peek(_ offset: Int = 0) -> Character? { pos + offset < chars.count ? chars[pos + offset] : nil }

    mutating func parse() throws(PathError) -> (JSONPath.Root, [PathSegment]) {
        guard peek() == "$" else { throw fail("a path must start with '$'") }
        pos += 1
        var root = JSONPath.Root.input
        if peek() == "$" {
            pos += 1
            root = .context
        } else if let c = peek(), c.isLetter || c == "_" {
            var name = ""
            while let c = peek(), c.isLetter || c.isNumber || c == "_" {
                name.append(c)
                pos += 1
            }
            root = .variable(name)
        }
        var segments: [PathSegment] = []
        while !atEnd {
            guard segments.count < JSONPath.maximumSegments else {
                throw fail("a path may have at most \(JSONPath.maximumSegments) steps")
            }
            segments.append(try parseSegment())
        }
        return (root, segments)
    }

    mutating func parseSegment() throws(PathError) -> PathSegment {
        guard let c = peek() else { throw fail("unexpected end") }
        if c == "." {
            if peek(1) == "." {
                pos += 2
                if peek() == "[" { return .descendants(try parseBracket()) }
                if peek() == "*" {
                    pos += 1
                    return .descendants(.wildcard)
                }
                let name = readName()
                guard !name.isEmpty else { throw fail("expected a name after '..'") }
                return .descendants(.member(name))
            }
            pos += 1
            if peek() == "*" {
                pos += 1
                return .wildcard
            }
            let name = readName()
            guard !name.isEmpty else { throw fail("expected a name after '.'") }
            return .member(name)
        }
        if c == "[" { return try parseBracket() }
        throw fail("unexpected character '\(c)' at position \(pos)")
    }

    mutating func readName() -> String {
        var name = ""
        while let c = peek(), c != ".", c != "[" {
            name.append(c)
            pos += 1
        }
        return name
    }

    mutating func skipSpaces() {
        while let c = peek(), c == " " { pos += 1 }
    }

    mutating func parseBracket() throws(PathError) -> PathSegment {
        pos += 1  // [
        skipSpaces()
        guard let c = peek() else { throw fail("unterminated '['") }
        let segment: PathSegment
        if c == "*" {
            pos += 1
            segment = .wildcard
        } else if c == "'" || c == "\"" {
            var names: [String] = []
            while true {
                skipSpaces()
                names.append(try readQuoted())
                skipSpaces()
                if peek() == "," {
                    pos += 1
                    continue
                }
                break
            }
            segment = names.count == 1 ? .member(names[0]) : .members(names)
        } else if c == "?" {
            guard nesting < JSONPath.maximumFilterNesting else {
                throw fail("filters may nest at most \(JSONPath.maximumFilterNesting) deep")
            }
            pos += 1
            skipSpaces()
            guard peek() == "(" else { throw fail("expected '(' after '?'") }
            pos += 1
            let start = pos
            var depth = 1
            var quote: Character?
            while let ch = peek() {
                if let q = quote {
                    if ch == "\\" { pos += 1 } else if ch == q { quote = nil }
                } else if ch == "'" || ch == "\"" {
                    quote = ch
                } else if ch == "(" {
                    depth += 1
                } else if ch == ")" {
                    depth -= 1
                    if depth == 0 { break }
                }
                pos += 1
            }
            guard peek() == ")" else { throw fail("unterminated filter") }
            let body = String(chars[start..<pos])
            pos += 1
            var fp = FilterParser(body, path: text, nesting: nesting + 1)
            segment = .filter(try fp.parse())
        } else {
            segment = try parseIndexes()
        }
        skipSpaces()
        guard peek() == "]" else { throw fail("expected ']' at position \(pos)") }
        pos += 1
        return segment
    }

    mutating func readQuoted() throws(PathError) -> String {
        guard let q = peek(), q == "'" || q == "\"" else { throw fail("expected a quoted name") }
        pos += 1
        var s = ""
        while let c = peek(), c != q {
            // As AWS reads a quoted name: a backslash escapes the delimiting quote or another backslash;
            // before anything else it is kept as it is (`['a\"b']` names the key `a\"b`).
            if c == "\\", let n = peek(1), n == q || n == "\\" {
                s.append(n)
                pos += 2
                continue
            }
            s.append(c)
            pos += 1
        }
        guard peek() == q else { throw fail("unterminated quoted name") }
        pos += 1
        return s
    }

    mutating func readInt() -> Int? {
        skipSpaces()
        var s = ""
        if peek() == "-" {
            s.append("-")
            pos += 1
        }
        while let c = peek(), c.isASCII, c.isNumber {
            s.append(c)
            pos += 1
        }
        skipSpaces()
        return Int(s)
    }

    mutating func parseIndexes() throws(PathError) -> PathSegment {
        let first = readInt()
        if peek() == ":" {
            pos += 1
            let end = readInt()
            var step: Int?
            if peek() == ":" {
                pos += 1
                step = readInt()
            }
            return .slice(start: first, end: end, step: step)
        }
        guard let first else { throw fail("expected an index at position \(pos)") }
        var list = [first]
        while peek() == "," {
            pos += 1
            guard let n = readInt() else { throw fail("expected an index at position \(pos)") }
            list.append(n)
        }
        return list.count == 1 ? .index(first) : .indexes(list)
    }
}
