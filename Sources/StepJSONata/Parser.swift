/// Top-down operator-precedence (Pratt) parser producing the raw parse tree.
struct Parser {
    var lexer: Lexer
    var cur: Token
    var sourceLength: Int

    static let bindingPower: [String: Int] = [
        ".": 75, "[": 80, "{": 70, "(": 80, "@": 80, "#": 80, "?": 20, "+": 50, "-": 50, "*": 60, "/": 60,
        "%": 60, "=": 40, "<": 40, ">": 40, "^": 40, ":=": 10, "!=": 40, "<=": 40, ">=": 40, "~>": 40,
        "?:": 40, "??": 40, "and": 30, "or": 25, "in": 40, "&": 50,
    ]
    /// Operators the grammar knows (others, like `!` and `~` alone, are S0204).
    static let known: Set<String> = [
        ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|", "=", "<",
        ">", "^", "**", "..", ":=", "!=", "<=", ">=", "~>", "?:", "??", "and", "or", "in", "&",
    ]

    init(_ source: String) throws(JSONataError) {
        lexer = Lexer(source)
        sourceLength = lexer.src.count
        cur = Token(kind: .end, position: 0)
        try advance()
    }

    /// The symbol id of the current token as the reference names it.
    var id: String {
        switch cur.kind {
        case .op: return cur.text
        case .end: return "(end)"
        case .name, .variable: return "(name)"
        case .string, .number, .value: return "(literal)"
        case .regex: return "(regex)"
        }
    }

    var tokenText: String {
        switch cur.kind {
        case .number: return numberToString(cur.number)
        case .value: return cur.literal.map { $0 ? "true" : "false" } ?? "null"
        case .end: return "(end)"
        default: return cur.text
        }
    }

    var lbp: Int {
        if cur.kind == .op { return Parser.bindingPower[cur.text] ?? 0 }
        return 0
    }

    mutating func advance(_ expect: String? = nil, infix: Bool = false) throws(JSONataError) {
        if let expect, id != expect {
            var e = jerr(cur.kind == .end ? "S0203" : "S0202", position: cur.position, token: tokenText)
            e.value = .string(expect)
            throw e
        }
        let t = try lexer.next(prefix: infix)
        if t.kind == .op && !Parser.known.contains(t.text) {
            throw jerr("S0204", position: t.position, token: t.text)
        }
        cur = t
        if t.kind == .end { cur.position = sourceLength }
    }

    mutating func parse() throws(JSONataError) -> Node {
        let expr = try expression(0)
        if cur.kind != .end {
            throw jerr("S0201", position: cur.position, token: tokenText)
        }
        return expr
    }

    mutating func expression(_ rbp: Int) throws(JSONataError) -> Node {
        let t = cur
        try advance(nil, infix: true)
        var left = try nud(t)
        while rbp < lbp {
            let t = cur
            try advance()
            left = try led(t, left)
        }
        return left
    }

    mutating func nud(_ t: Token) throws(JSONataError) -> Node {
        switch t.kind {
        case .end: return Node(.end, position: t.position)
        case .name:
            let n = Node(.name, position: t.position)
            n.op = t.text
            return n
        case .variable:
            let n = Node(.variable, position: t.position)
            n.op = t.text
            return n
        case .string:
            let n = Node(.string, position: t.position)
            n.op = t.text
            return n
        case .number:
            let n = Node(.number, position: t.position)
            n.number = t.number
            return n
        case .value:
            let n = Node(.value, position: t.position)
            n.literal = t.literal
            return n
        case .regex:
            let n = Node(.regex, position: t.position)
            n.op = t.text
            do {
                n.regex = try RegexProgram(pattern: t.text, flags: t.regexFlags)
            } catch {
                throw jerr("S0303", position: t.position, value: .string(t.text))
            }
            return n
        case .op:
            break
        }
        switch t.text {
        case "and", "or", "in":
            let n = Node(.operatorName, position: t.position)
            n.op = t.text
            return n
        case "-":
            let n = Node(.unary, position: t.position)
            n.op = "-"
            n.expression = try expression(70)
            return n
        case "*": return Node(.wildcard, position: t.position)
        case "**": return Node(.descendant, position: t.position)
        case "%": return Node(.parent, position: t.position)
        case "(":
            let n = Node(.block, position: t.position)
            while id != ")" {
                n.expressions.append(try expression(0))
                if id != ";" { break }
                try advance(";")
            }
            try advance(")", infix: true)
            return n
        case "[":
            let n = Node(.unary, position: t.position)
            n.op = "["
            if id != "]" {
                while true {
                    var item = try expression(0)
                    if id == ".." {
                        let range = Node(.binary, position: cur.position)
                        range.op = ".."
                        range.lhs = item
                        try advance("..")
                        range.rhs = try expression(0)
                        item = range
                    }
                    n.expressions.append(item)
                    if id != "," { break }
                    try advance(",")
                }
            }
            try advance("]", infix: true)
            return n
        case "{":
            let n = Node(.unary, position: t.position)
            n.op = "{"
            n.pairs = try objectPairs()
            return n
        case "|":
            let n = Node(.transform, position: t.position)
            n.pattern = try expression(0)
            try advance("|")
            n.update = try expression(0)
            if id == "," {
                try advance(",")
                n.delete = try expression(0)
            }
            try advance("|")
            return n
        default:
            throw jerr("S0211", position: t.position, token: t.text)
        }
    }

    mutating func objectPairs() throws(JSONataError) -> [(Node, Node)] {
        var pairs: [(Node, Node)] = []
        if id != "}" {
            while true {
                let k = try expression(0)
                try advance(":")
                let v = try expression(0)
                pairs.append((k, v))
                if id != "," { break }
                try advance(",")
            }
        }
        try advance("}", infix: true)
        return pairs
    }

    mutating func led(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        let bp = Parser.bindingPower[t.text] ?? 0
        switch t.text {
        case "??":
            let n = Node(.condition, position: t.position)
            let cond = Node(.function, position: t.position)
            cond.op = "("
            let proc = Node(.variable, position: t.position)
            proc.op = "exists"
            cond.procedure = proc
            cond.arguments = [left.clone()]
            n.condition = cond
            n.then = left
            n.otherwise = try expression(0)
            return n
        case "?:":
            let n = Node(.condition, position: t.position)
            n.condition = left.clone()
            n.then = left
            n.otherwise = try expression(0)
            return n
        case "?":
            let n = Node(.condition, position: t.position)
            n.condition = left
            n.then = try expression(0)
            if id == ":" {
                try advance(":")
                n.otherwise = try expression(0)
            }
            return n
        case "(":
            return try call(t, left)
        case "[":
            if id == "]" {
                var step = left
                while step.kind == .binary && step.op == "[", let l = step.lhs { step = l }
                step.keepArray = true
                try advance("]")
                return left
            }
            let n = Node(.binary, position: t.position)
            n.op = "["
            n.lhs = left
            n.rhs = try expression(0)
            try advance("]", infix: true)
            return n
        case "^":
            try advance("(")
            let n = Node(.binary, position: t.position)
            n.op = "^"
            n.lhs = left
            while true {
                var descending = false
                if id == "<" {
                    try advance("<")
                } else if id == ">" {
                    descending = true
                    try advance(">")
                }
                n.terms.append((descending, try expression(0)))
                if id != "," { break }
                try advance(",")
            }
            try advance(")")
            return n
        case "{":
            let n = Node(.binary, position: t.position)
            n.op = "{"
            n.lhs = left
            n.pairs = try objectPairs()
            return n
        case ":=":
            if left.kind != .variable { throw jerr("S0212", position: left.position, token: left.op) }
            let n = Node(.binary, position: t.position)
            n.op = ":="
            n.lhs = left
            n.rhs = try expression(bp - 1)
            return n
        case "@", "#":
            let n = Node(.binary, position: t.position)
            n.op = t.text
            n.lhs = left
            let r = try expression(bp)
            if r.kind != .variable { throw jerr("S0214", position: r.position, token: t.text) }
            n.rhs = r
            return n
        default:
            let n = Node(.binary, position: t.position)
            n.op = t.text
            n.lhs = left
            n.rhs = try expression(bp)
            return n
        }
    }

    mutating func call(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        let n = Node(.function, position: t.position)
        n.op = "("
        n.procedure = left
        if id != ")" {
            while true {
                if cur.kind == .op && cur.text == "?" {
                    n.kind = .partial
                    n.arguments.append(Node(.placeholder, position: cur.position))
                    try advance("?")
                } else {
                    n.arguments.append(try expression(0))
                }
                if id != "," { break }
                try advance(",")
            }
        }
        try advance(")", infix: true)
        guard left.kind == .name && (left.op == "function" || left.op == "\u{03BB}") else { return n }
        for (i, arg) in n.arguments.enumerated() where arg.kind != .variable {
            var e = jerr("S0208", position: arg.position, token: arg.op)
            e.value = .int(i + 1)
            throw e
        }
        n.kind = .lambda
        n.params = n.arguments.map { $0.op }
        n.arguments = []
        if id == "<" {
            let sigPos = cur.position
            var depth = 1
            var sig = "<"
            while depth > 0 && id != "{" && id != "(end)" {
                try advance()
                if id == ">" {
                    depth -= 1
                } else if id == "<" {
                    depth += 1
                }
                sig += tokenText
            }
            try advance(">")
            do {
                n.signature = try Signature(sig)
            } catch {
                var e = error
                e.position = sigPos + (e.position ?? 0)
                throw e
            }
        }
        try advance("{")
        n.body = try expression(0)
        try advance("}")
        return n
    }
}
