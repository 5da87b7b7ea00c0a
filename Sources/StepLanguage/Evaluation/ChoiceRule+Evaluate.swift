import StepJSON

extension ChoiceRule {
    /// Evaluates a JSONPath-mode rule against the state's effective input.
    public func matches(input: JSON, environment: some EvaluationEnvironment) throws(StatesError) -> Bool {
        switch self {
        case .and(let rules):
            for r in rules where !(try r.matches(input: input, environment: environment)) { return false }
            return true
        case .or(let rules):
            for r in rules where try r.matches(input: input, environment: environment) { return true }
            return false
        case .not(let r):
            return !(try r.matches(input: input, environment: environment))
        case .condition:
            throw StatesError.runtime("A JSONata Condition cannot be evaluated by a JSONPath rule")
        case .compare(let variable, let op, let operand):
            let value = variable.resolve(input: input, environment: environment)
            if op == .isPresent {
                guard case .literal(.bool(let want)) = operand else { return false }
                return (value != nil) == want
            }
            guard let value else {
                throw StatesError.runtime(
                    "Invalid path '\(variable.text)': The choice state's condition path references an invalid value.")
            }
            let rhs: JSON
            switch operand {
            case .literal(let v): rhs = v
            case .path(let p):
                guard let v = p.resolve(input: input, environment: environment) else {
                    throw StatesError.runtime(
                        "Invalid path '\(p.text)': The choice state's condition path references an invalid value.")
                }
                rhs = v
            }
            return Self.compare(value, op, rhs)
        }
    }

    static func compare(_ value: JSON, _ op: ChoiceOperator, _ rhs: JSON) -> Bool {
        switch op {
        case .isNull: return value.isNull == (rhs.boolValue ?? true)
        case .isPresent: return true
        case .isNumeric: return value.isNumber == (rhs.boolValue ?? true)
        case .isString: return (value.stringValue != nil) == (rhs.boolValue ?? true)
        case .isBoolean: return (value.boolValue != nil) == (rhs.boolValue ?? true)
        case .isTimestamp:
            let isTS = value.stringValue.flatMap(Timestamp.parse) != nil
            return isTS == (rhs.boolValue ?? true)
        case .booleanEquals:
            guard let a = value.boolValue, let b = rhs.boolValue else { return false }
            return a == b
        case .stringMatches:
            guard let s = value.stringValue, let pattern = rhs.stringValue else { return false }
            return WildcardPattern(pattern).matches(s)
        case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals, .stringGreaterThanEquals:
            guard let a = value.stringValue, let b = rhs.stringValue else { return false }
            let c = Self.compareStrings(a, b)
            return Self.holds(c, op)
        case .numericEquals, .numericLessThan, .numericGreaterThan, .numericLessThanEquals, .numericGreaterThanEquals:
            guard let c = Self.compareNumbers(value, rhs) else { return false }
            return Self.holds(c, op)
        case .timestampEquals, .timestampLessThan, .timestampGreaterThan, .timestampLessThanEquals,
            .timestampGreaterThanEquals:
            guard let a = value.stringValue.flatMap(Timestamp.parse), let b = rhs.stringValue.flatMap(Timestamp.parse)
            else { return false }
            return Self.holds(a < b ? -1 : (a == b ? 0 : 1), op)
        }
    }

    /// Java's `String.compareTo`: by UTF-16 code unit.
    static func compareStrings(_ a: String, _ b: String) -> Int {
        var i = a.utf16.makeIterator()
        var j = b.utf16.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    static func compareNumbers(_ a: JSON, _ b: JSON) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        default:
            guard let x = a.doubleValue, let y = b.doubleValue else { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        }
    }

    static func holds(_ c: Int, _ op: ChoiceOperator) -> Bool {
        switch op {
        case .stringEquals, .numericEquals, .timestampEquals: return c == 0
        case .stringLessThan, .numericLessThan, .timestampLessThan: return c < 0
        case .stringGreaterThan, .numericGreaterThan, .timestampGreaterThan: return c > 0
        case .stringLessThanEquals, .numericLessThanEquals, .timestampLessThanEquals: return c <= 0
        default: return c >= 0
        }
    }
}

/// `StringMatches` patterns: `*` matches any run of characters; `\*` and `\\` are literal.
public struct WildcardPattern: Sendable {
    enum Piece: Equatable {
        case literal(Character)
        case star
    }
    let pieces: [Piece]

    public init(_ pattern: String) {
        var out: [Piece] = []
        var escaped = false
        for c in pattern {
            if escaped {
                out.append(.literal(c))
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "*" {
                out.append(.star)
            } else {
                out.append(.literal(c))
            }
        }
        if escaped { out.append(.literal("\\")) }
        pieces = out
    }

    public func matches(_ s: String) -> Bool {
        let chars = Array(s)
        var p = 0
        var i = 0
        var starP = -1
        var starI = 0
        while i < chars.count {
            if p < pieces.count, case .literal(let c) = pieces[p], c == chars[i] {
                p += 1
                i += 1
            } else if p < pieces.count, pieces[p] == .star {
                starP = p
                starI = i
                p += 1
            } else if starP >= 0 {
                p = starP + 1
                starI += 1
                i = starI
            } else {
                return false
            }
        }
        while p < pieces.count, pieces[p] == .star { p += 1 }
        return p == pieces.count
    }
}
