/// A token of a JSONata expression.
struct Token {
    enum Kind: Equatable {
        case name, variable, op, string, number, value, regex, end
    }
    var kind: Kind
    /// Operator text, name, variable name (without `$`) or string literal content.
    var text: String = ""
    var number: Double = 0
    /// For `.value`: true, false or null (nil).
    var literal: Bool? = nil
    var regexFlags: String = ""
    /// Offset just after the token, as the reference reports it.
    var position: Int
}

/// The tokenizer: walks the expression's UTF-16 code units as the reference does.
struct Lexer {
    let src: [UInt16]
    var pos = 0

    init(_ source: String) { src = Array(source.utf16) }

    static let operatorChars: Set<UInt16> = Set(".[]{}(),@#;:?+-*/%|=<>^&!~".utf16)
    static func isSpace(_ c: UInt16) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B }

    func at(_ i: Int) -> UInt16 { i < src.count && i >= 0 ? src[i] : 0 }

    func string(_ from: Int, _ to: Int) -> String { String(decoding: src[from..<to], as: UTF16.self) }

    mutating func next(prefix: Bool) throws(JSONataError) -> Token {
        // spaces and comments (a loop, not recursion: an expression may hold any number of comments)
        while true {
            while pos < src.count && Lexer.isSpace(src[pos]) { pos += 1 }
            guard pos + 1 < src.count, src[pos] == 0x2F, src[pos + 1] == 0x2A else { break }
            let start = pos
            pos += 2
            while !(at(pos) == 0x2A && at(pos + 1) == 0x2F) {
                pos += 1
                if pos >= src.count { throw jerr("S0106", position: start) }
            }
            pos += 2
        }
        if pos >= src.count { return Token(kind: .end, position: src.count) }
        var c = src[pos]
        if !prefix && c == 0x2F {
            pos += 1
            return try scanRegex()
        }
        let n = at(pos + 1)
        func op(_ s: String, _ len: Int) -> Token {
            pos += len
            return Token(kind: .op, text: s, position: pos)
        }
        switch (c, n) {
        case (0x2E, 0x2E): return op("..", 2)
        case (0x3A, 0x3D): return op(":=", 2)
        case (0x21, 0x3D): return op("!=", 2)
        case (0x3E, 0x3D): return op(">=", 2)
        case (0x3C, 0x3D): return op("<=", 2)
        case (0x2A, 0x2A): return op("**", 2)
        case (0x7E, 0x3E): return op("~>", 2)
        case (0x3F, 0x3A): return op("?:", 2)
        case (0x3F, 0x3F): return op("??", 2)
        default: break
        }
        if Lexer.operatorChars.contains(c) {
            return op(String(decoding: [c], as: UTF16.self), 1)
        }
        // string literals
        if c == 0x22 || c == 0x27 {
            let quote = c
            pos += 1
            var units: [UInt16] = []
            while pos < src.count {
                c = src[pos]
                if c == 0x5C {
                    pos += 1
                    c = at(pos)
                    switch c {
                    case 0x22, 0x5C, 0x2F: units.append(c)
                    case 0x62: units.append(0x08)
                    case 0x66: units.append(0x0C)
                    case 0x6E: units.append(0x0A)
                    case 0x72: units.append(0x0D)
                    case 0x74: units.append(0x09)
                    case 0x75:
                        var v: UInt16 = 0
                        var ok = pos + 4 < src.count
                        if ok {
                            for k in 1...4 {
                                let h = src[pos + k]
                                guard let d = hexValue(h) else {
                                    ok = false
                                    break
                                }
                                v = v &* 16 &+ d
                            }
                        }
                        if !ok { throw jerr("S0104", position: pos) }
                        units.append(v)
                        pos += 4
                    default:
                        throw jerr("S0103", position: pos, token: String(decoding: [c], as: UTF16.self))
                    }
                } else if c == quote {
                    pos += 1
                    return Token(kind: .string, text: String(decoding: units, as: UTF16.self), position: pos)
                } else {
                    units.append(c)
                }
                pos += 1
            }
            throw jerr("S0101", position: pos)
        }
        // numbers
        if c >= 0x30 && c <= 0x39 {
            let start = pos
            var i = pos
            if c == 0x30 {
                i += 1
            } else {
                while at(i) >= 0x30 && at(i) <= 0x39 { i += 1 }
            }
            if at(i) == 0x2E && at(i + 1) >= 0x30 && at(i + 1) <= 0x39 {
                i += 1
                while at(i) >= 0x30 && at(i) <= 0x39 { i += 1 }
            }
            if at(i) == 0x65 || at(i) == 0x45 {
                var j = i + 1
                if at(j) == 0x2B || at(j) == 0x2D { j += 1 }
                if at(j) >= 0x30 && at(j) <= 0x39 {
                    while at(j) >= 0x30 && at(j) <= 0x39 { j += 1 }
                    i = j
                }
            }
            let text = string(start, i)
            guard let d = Double(text), d.isFinite else {
                throw jerr("S0102", position: pos, token: text)
            }
            pos = i
            return Token(kind: .number, number: d, position: pos)
        }
        // backtick names
        if c == 0x60 {
            pos += 1
            var i = pos
            while i < src.count && src[i] != 0x60 { i += 1 }
            if i < src.count {
                let name = string(pos, i)
                pos = i + 1
                return Token(kind: .name, text: name, position: pos)
            }
            pos = src.count
            throw jerr("S0105", position: pos)
        }
        // names and variables
        var i = pos
        while i < src.count && !Lexer.isSpace(src[i]) && !Lexer.operatorChars.contains(src[i]) { i += 1 }
        if src[pos] == 0x24 {
            let name = string(pos + 1, i)
            pos = i
            return Token(kind: .variable, text: name, position: pos)
        }
        let name = string(pos, i)
        pos = i
        switch name {
        case "or", "in", "and": return Token(kind: .op, text: name, position: pos)
        case "true": return Token(kind: .value, literal: true, position: pos)
        case "false": return Token(kind: .value, literal: false, position: pos)
        case "null": return Token(kind: .value, literal: nil, position: pos)
        default:
            if pos == src.count && name.isEmpty { return Token(kind: .end, position: pos) }
            return Token(kind: .name, text: name, position: pos)
        }
    }

    private mutating func scanRegex() throws(JSONataError) -> Token {
        let start = pos
        var depth = 0
        while pos < src.count {
            let c = src[pos]
            if c == 0x2F && depth == 0 {
                var backslashes = 0
                while at(pos - (backslashes + 1)) == 0x5C { backslashes += 1 }
                if backslashes % 2 == 0 {
                    let pattern = string(start, pos)
                    if pattern.isEmpty { throw jerr("S0301", position: pos) }
                    pos += 1
                    let fstart = pos
                    while at(pos) == 0x69 || at(pos) == 0x6D { pos += 1 }
                    let flags = string(fstart, pos)
                    return Token(kind: .regex, text: pattern, regexFlags: flags, position: pos)
                }
            }
            if (c == 0x28 || c == 0x5B || c == 0x7B) && at(pos - 1) != 0x5C { depth += 1 }
            if (c == 0x29 || c == 0x5D || c == 0x7D) && at(pos - 1) != 0x5C { depth -= 1 }
            pos += 1
        }
        throw jerr("S0302", position: pos)
    }
}

@inline(__always) func hexValue(_ c: UInt16) -> UInt16? {
    switch c {
    case 0x30...0x39: return c - 0x30
    case 0x41...0x46: return c - 0x41 + 10
    case 0x61...0x66: return c - 0x61 + 10
    default: return nil
    }
}
