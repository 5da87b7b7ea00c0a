/// Top-down operator-precedence (Pratt) parser producing the raw parse tree.
///
/// Nesting is limited (`JSONataExpression.maximumNesting`): both how deep the parser recurses and how tall the
/// tree it builds may grow, since everything that walks the tree afterwards recurses too. The functions on the
/// recursive path are kept small, each case of `nud` and `led` in a function of its own, so that a level costs
/// little stack.
struct Parser {
    var lexer: Lexer
    /// The current token, with its symbol id and left binding power: stored, not computed, because the
    /// recursive functions read them often and a computed property copies the whole parser in debug builds.
    private(set) var cur: Token
    private(set) var id = "(end)"
    private(set) var lbp = 0
    var sourceLength: Int
    /// How many `expression` calls are open.
    var depth = 0

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

    /// The symbol id of a token as the reference names it.
    static func symbolId(_ t: Token) -> String {
        switch t.kind {
        case .op: return t.text
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

    static func bindingPower(of t: Token) -> Int {
        if t.kind == .op { return Parser.bindingPower[t.text] ?? 0 }
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
        id = Parser.symbolId(cur)
        lbp = Parser.bindingPower(of: cur)
    }

    mutating func parse() throws(JSONataError) -> Node {
        let expr = try expression(0)
        if cur.kind != .end {
            throw jerr("S0201", position: cur.position, token: tokenText)
        }
        return expr
    }

    mutating func expression(_ rbp: Int) throws(JSONataError) -> Node {
        depth += 1
        defer { depth -= 1 }
        if depth > JSONataExpression.maximumNesting { throw Parser.nestingError(cur.position) }
        let t = cur
        try advance(nil, infix: true)
        var left = try nud(t)
        try Parser.checkHeight(left)
        while rbp < lbp {
            let t = cur
            let bp = lbp
            try advance()
            left = try led(t, bp, left)
            try Parser.checkHeight(left)
        }
        return left
    }

    /// Records the height of a node just built (its children's are known) and refuses a tree grown too tall,
    /// e.g. by a long chain of operators (`1+1+…+1` nests to the left without the parser recursing).
    static func checkHeight(_ node: Node) throws(JSONataError) {
        node.height = node.childHeight + 1
        if node.height > JSONataExpression.maximumNesting { throw nestingError(node.position) }
    }

    @inline(never)
    static func nestingError(_ position: Int) -> JSONataError {
        var e = jerr(JSONataError.nestingCode, position: position)
        e.value = .int(JSONataExpression.maximumNesting)
        return e
    }

    /// What a token begins when it starts an operand. Classifying apart from `nud` keeps the string matching
    /// off the recursive path (in debug builds each `case "…"` costs stack in the frame that has it).
    enum Prefix {
        case terminal, operatorName, negation, wildcard, descendant, parent, block, array, object, transform, invalid
    }

    @inline(never)
    static func prefix(_ t: Token) -> Prefix {
        guard t.kind == .op else { return .terminal }
        switch t.text {
        case "and", "or", "in": return .operatorName
        case "-": return .negation
        case "*": return .wildcard
        case "**": return .descendant
        case "%": return .parent
        case "(": return .block
        case "[": return .array
        case "{": return .object
        case "|": return .transform
        default: return .invalid
        }
    }

    mutating func nud(_ t: Token) throws(JSONataError) -> Node {
        switch Parser.prefix(t) {
        case .terminal: return try terminal(t)
        case .operatorName: return Parser.leaf(.operatorName, t)
        case .negation: return try negation(t.position)
        case .wildcard: return Node(.wildcard, position: t.position)
        case .descendant: return Node(.descendant, position: t.position)
        case .parent: return Node(.parent, position: t.position)
        case .block: return try block(t.position)
        case .array: return try arrayConstructor(t.position)
        case .object: return try objectConstructor(t.position)
        case .transform: return try transform(t.position)
        case .invalid: throw Parser.unaryError(t)
        }
    }

    @inline(never)
    static func leaf(_ kind: Node.Kind, _ t: Token) -> Node {
        let n = Node(kind, position: t.position)
        n.op = t.text
        return n
    }

    @inline(never)
    static func unaryError(_ t: Token) -> JSONataError { jerr("S0211", position: t.position, token: t.text) }

    /// A name, variable, literal or regular expression.
    @inline(never)
    func terminal(_ t: Token) throws(JSONataError) -> Node {
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
            throw jerr("S0211", position: t.position, token: t.text)
        }
    }

    @inline(never)
    mutating func negation(_ position: Int) throws(JSONataError) -> Node {
        let n = Node(.unary, position: position)
        n.op = "-"
        n.expression = try expression(70)
        return n
    }

    @inline(never)
    mutating func block(_ position: Int) throws(JSONataError) -> Node {
        let n = Node(.block, position: position)
        while id != ")" {
            n.expressions.append(try expression(0))
            if id != ";" { break }
            try advance(";")
        }
        try advance(")", infix: true)
        return n
    }

    @inline(never)
    mutating func arrayConstructor(_ position: Int) throws(JSONataError) -> Node {
        let n = Node(.unary, position: position)
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
                    try Parser.checkHeight(range)
                    item = range
                }
                n.expressions.append(item)
                if id != "," { break }
                try advance(",")
            }
        }
        try advance("]", infix: true)
        return n
    }

    @inline(never)
    mutating func objectConstructor(_ position: Int) throws(JSONataError) -> Node {
        let n = Node(.unary, position: position)
        n.op = "{"
        n.pairs = try objectPairs()
        return n
    }

    @inline(never)
    mutating func transform(_ position: Int) throws(JSONataError) -> Node {
        let n = Node(.transform, position: position)
        n.pattern = try expression(0)
        try advance("|")
        n.update = try expression(0)
        if id == "," {
            try advance(",")
            n.delete = try expression(0)
        }
        try advance("|")
        return n
    }

    @inline(never)
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

    /// What an infix token does, decided apart from `led` (see `Prefix`).
    enum Infix { case condition, call, predicate, sort, group, bind, focus, binary }

    @inline(never)
    static func infix(_ t: Token) -> Infix {
        switch t.text {
        case "??", "?:", "?": return .condition
        case "(": return .call
        case "[": return .predicate
        case "^": return .sort
        case "{": return .group
        case ":=": return .bind
        case "@", "#": return .focus
        default: return .binary
        }
    }

    /// The infix operator `t`, of binding power `bp`, applied to `left`.
    mutating func led(_ t: Token, _ bp: Int, _ left: Node) throws(JSONataError) -> Node {
        switch Parser.infix(t) {
        case .condition: return try condition(t, left)
        case .call: return try call(t, left)
        case .predicate: return try predicate(t, left)
        case .sort: return try sort(t, left)
        case .group: return try group(t, left)
        case .bind: return try bind(t, bp, left)
        case .focus: return try focus(t, bp, left)
        case .binary: return try binary(t, bp, left)
        }
    }

    /// `a ?? b`, `a ?: b` and `c ? a : b`.
    @inline(never)
    mutating func condition(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        let n = Node(.condition, position: t.position)
        switch t.text {
        case "??":
            let cond = Node(.function, position: t.position)
            cond.op = "("
            let proc = Node(.variable, position: t.position)
            proc.op = "exists"
            cond.procedure = proc
            cond.arguments = [left.clone()]
            try Parser.checkHeight(cond)
            n.condition = cond
            n.then = left
            n.otherwise = try expression(0)
        case "?:":
            n.condition = left.clone()
            n.then = left
            n.otherwise = try expression(0)
        default:
            n.condition = left
            n.then = try expression(0)
            if id == ":" {
                try advance(":")
                n.otherwise = try expression(0)
            }
        }
        return n
    }

    @inline(never)
    mutating func predicate(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
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
    }

    @inline(never)
    mutating func sort(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
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
    }

    @inline(never)
    mutating func group(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        let n = Node(.binary, position: t.position)
        n.op = "{"
        n.lhs = left
        n.pairs = try objectPairs()
        return n
    }

    /// `$x := value` (right-associative).
    @inline(never)
    mutating func bind(_ t: Token, _ bp: Int, _ left: Node) throws(JSONataError) -> Node {
        if left.kind != .variable { throw jerr("S0212", position: left.position, token: left.op) }
        return try binary(t, bp - 1, left)
    }

    /// `step@$x` and `step#$i`.
    @inline(never)
    mutating func focus(_ t: Token, _ bp: Int, _ left: Node) throws(JSONataError) -> Node {
        let n = try binary(t, bp, left)
        if let r = n.rhs, r.kind != .variable { throw jerr("S0214", position: r.position, token: t.text) }
        return n
    }

    /// The other infix operators: `left`, the operator, and the operand that binds at `bp`.
    @inline(never)
    mutating func binary(_ t: Token, _ bp: Int, _ left: Node) throws(JSONataError) -> Node {
        let n = Node(.binary, position: t.position)
        n.op = t.text
        n.lhs = left
        n.rhs = try expression(bp)
        return n
    }

    @inline(never)
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
        return try lambda(n)
    }

    /// `function($a, $b)<sig>{ body }`: the call node just parsed becomes a lambda.
    @inline(never)
    mutating func lambda(_ n: Node) throws(JSONataError) -> Node {
        try Parser.makeLambda(n)
        if id == "<" { n.signature = try signature() }
        try advance("{")
        n.body = try expression(0)
        try advance("}")
        return n
    }

    /// Turns the arguments of `function(…)` into parameters; each must be a variable.
    @inline(never)
    static func makeLambda(_ n: Node) throws(JSONataError) {
        for (i, arg) in n.arguments.enumerated() where arg.kind != .variable {
            var e = jerr("S0208", position: arg.position, token: arg.op)
            e.value = .int(i + 1)
            throw e
        }
        n.kind = .lambda
        n.params = n.arguments.map { $0.op }
        n.arguments = []
    }

    /// A lambda's signature `<…>`, the current token being its `<`.
    @inline(never)
    mutating func signature() throws(JSONataError) -> Signature {
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
            return try Signature(sig)
        } catch {
            var e = error
            e.position = sigPos + (e.position ?? 0)
            throw e
        }
    }
}
