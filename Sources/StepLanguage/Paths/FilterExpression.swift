import StepJSON

/// A JSONPath filter `[?(…)]`: comparisons of `@`-relative paths with literals, combined with `&&`, `||`, `!`.
indirect enum FilterExpression: Sendable, Hashable {
    case exists(FilterOperand)
    case compare(FilterOperand, FilterOperator, FilterOperand)
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case not(FilterExpression)
}

extension FilterExpression {
    /// Levels of the expression, the filters of its operands' paths included (`@.a` alone is 1). Only computed
    /// for expressions whose parts were checked, so the recursion is shallow.
    var height: Int {
        switch self {
        case .exists(let a): return 1 + a.height
        case .compare(let a, _, let b): return 1 + max(a.height, b.height)
        case .and(let a, let b), .or(let a, let b): return 1 + max(a.height, b.height)
        case .not(let a): return 1 + a.height
        }
    }
}

extension FilterOperand {
    /// The tallest filter in the operand's path (0 for literals).
    var height: Int {
        switch self {
        case .literal, .regex: return 0
        case .current(let segs), .root(let segs): return segs.map(\.filterHeight).max() ?? 0
        }
    }
}

extension PathSegment {
    var filterHeight: Int {
        switch self {
        case .filter(let f): return f.height
        case .descendants(let inner): return inner.filterHeight
        default: return 0
        }
    }
}

/// A value inside a filter: a literal or a path relative to the current item (`@`) or the root (`$`).
enum FilterOperand: Sendable, Hashable {
    case literal(JSON)
    case current([PathSegment])
    case root([PathSegment])
    case regex(String, caseInsensitive: Bool)
}

enum FilterOperator: String, Sendable, Hashable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", match = "=~"
    case `in` = "in", nin = "nin", subsetof = "subsetof", contains = "contains", size = "size", empty = "empty"
}

/// Parses the body of a filter expression.
///
/// `nesting` levels enclose the filter (1 for a filter of a path at the top level); each parenthesis and `!`
/// adds one while it is open, and the expression built may be no taller than what is left of
/// `JSONPath.maximumFilterNesting`, so that matching, hashing and comparing filters stays shallow.
struct FilterParser {
    let chars: [Character]
    let path: String
    var pos = 0
    let nesting: Int
    /// Parentheses and `!` open around the current position.
    var depth = 0

    init(_ body: String, path: String, nesting: Int = 1) {
        chars = Array(body)
        self.path = path
        self.nesting = nesting
    }

    /// Refuses an expression grown taller than the nesting left to it.
    func checkHeight(_ e: FilterExpression) throws(PathError) -> FilterExpression {
        if nesting + e.height - 1 > JSONPath.maximumFilterNesting { throw tooDeep() }
        return e
    }

    func tooDeep() -> PathError { fail("filters may nest at most \(JSONPath.maximumFilterNesting) deep") }

    func fail(_ m: String) -> PathError { PathError(path: path, message: "filter: \(m)") }
    func peek(_ o: Int = 0) -> Character? { pos + o < chars.count ? chars[pos + o] : nil }
    mutating func skip() { while let c = peek(), c == " " { pos += 1 } }

    mutating func parse() throws(PathError) -> FilterExpression {
        let e = try checkHeight(try parseOr())
        skip()
        guard pos >= chars.count else { throw fail("unexpected '\(chars[pos])'") }
        return e
    }

    mutating func parseOr() throws(PathError) -> FilterExpression {
        var lhs = try parseAnd()
        while true {
            skip()
            if peek() == "|", peek(1) == "|" {
                pos += 2
                lhs = try checkHeight(.or(lhs, try parseAnd()))
            } else {
                return lhs
            }
        }
    }

    mutating func parseAnd() throws(PathError) -> FilterExpression {
        var lhs = try parseUnary()
        while true {
            skip()
            if peek() == "&", peek(1) == "&" {
                pos += 2
                lhs = try checkHeight(.and(lhs, try parseUnary()))
            } else {
                return lhs
            }
        }
    }

    mutating func parseUnary() throws(PathError) -> FilterExpression {
        depth += 1
        defer { depth -= 1 }
        if nesting + depth - 1 > JSONPath.maximumFilterNesting { throw tooDeep() }
        skip()
        if peek() == "!", peek(1) != "=" {
            pos += 1
            return .not(try parseUnary())
        }
        if peek() == "(" {
            pos += 1
            let e = try parseOr()
            skip()
            guard peek() == ")" else { throw fail("expected ')'") }
            pos += 1
            return e
        }
        let lhs = try parseOperand()
        skip()
        guard let op = readOperator() else { return .exists(lhs) }
        skip()
        let rhs = try parseOperand()
        return .compare(lhs, op, rhs)
    }

    mutating func readOperator() -> FilterOperator? {
        for op in ["==", "!=", "<=", ">=", "=~", "<", ">"] {
            let cs = Array(op)
            if peek() == cs[0], cs.count == 1 || peek(1) == cs[1] {
                pos += cs.count
                return FilterOperator(rawValue: op)
            }
        }
        for word in ["nin", "in", "subsetof", "contains", "size", "empty"] {
            let cs = Array(word)
            if pos + cs.count <= chars.count, Array(chars[pos..<pos + cs.count]) == cs,
                pos + cs.count == chars.count || chars[pos + cs.count] == " "
            {
                pos += cs.count
                return FilterOperator(rawValue: word)
            }
        }
        return nil
    }

    mutating func parseOperand() throws(PathError) -> FilterOperand {
        skip()
        guard let c = peek() else { throw fail("expected a value") }
        switch c {
        case "@", "$":
            let start = pos
            pos += 1
            var depth = 0
            var quote: Character?
            while let ch = peek() {
                if let q = quote {
                    if ch == q { quote = nil }
                } else if ch == "'" || ch == "\"" {
                    quote = ch
                } else if ch == "[" {
                    depth += 1
                } else if ch == "]" {
                    depth -= 1
                } else if depth == 0,
                    ch == " " || ch == ")" || ch == "=" || ch == "!" || ch == "<" || ch == ">"
                        || ch == "&" || ch == "|"
                {
                    break
                }
                pos += 1
            }
            var text = String(chars[start..<pos])
            let isCurrent = c == "@"
            if isCurrent { text = "$" + text.dropFirst() }
            var p = JSONPathParser(text, nesting: nesting + depth - 1)
            let (_, segs) = try p.parse()
            return isCurrent ? .current(segs) : .root(segs)
        case "'", "\"":
            pos += 1
            var s = ""
            while let ch = peek(), ch != c {
                if ch == "\\", let n = peek(1) {
                    s.append(n)
                    pos += 2
                    continue
                }
                s.append(ch)
                pos += 1
            }
            guard peek() == c else { throw fail("unterminated string") }
            pos += 1
            return .literal(.string(s))
        case "/":
            pos += 1
            var s = ""
            while let ch = peek(), ch != "/" {
                if ch == "\\", let n = peek(1) {
                    s.append(ch)
                    s.append(n)
                    pos += 2
                    continue
                }
                s.append(ch)
                pos += 1
            }
            guard peek() == "/" else { throw fail("unterminated regular expression") }
            pos += 1
            var ci = false
            while let f = peek(), f.isLetter {
                if f == "i" { ci = true }
                pos += 1
            }
            return .regex(s, caseInsensitive: ci)
        case "[", "{":
            // A JSON literal (array or object).
            let start = pos
            var depth = 0
            var quote: Character?
            while let ch = peek() {
                if let q = quote {
                    if ch == q { quote = nil }
                } else if ch == "'" || ch == "\"" {
                    quote = ch
                } else if ch == "[" || ch == "{" {
                    depth += 1
                } else if ch == "]" || ch == "}" {
                    depth -= 1
                    if depth == 0 {
                        pos += 1
                        break
                    }
                }
                pos += 1
            }
            let text = String(chars[start..<pos]).replacingOccurrences(of: "'", with: "\"")
            guard let v = try? JSON(parsing: text) else { throw fail("bad literal \(text)") }
            return .literal(v)
        default:
            var s = ""
            while let ch = peek(), ch != " ", ch != ")", ch != "&", ch != "|", ch != "=", ch != "!", ch != "<",
                ch != ">"
            {
                s.append(ch)
                pos += 1
            }
            if s == "true" { return .literal(.bool(true)) }
            if s == "false" { return .literal(.bool(false)) }
            if s == "null" { return .literal(.null) }
            guard let v = try? JSON(parsing: s), v.isNumber else { throw fail("unexpected '\(s)'") }
            return .literal(v)
        }
    }
}

extension String {
    func replacingOccurrences(of a: String, with b: String) -> String {
        split(separator: a, omittingEmptySubsequences: false).joined(separator: b)
    }
}
