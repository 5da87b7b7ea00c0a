/// A node of the expression tree. The parser builds it, the post-parse pass (`ASTProcessor`)
/// rewrites it into paths, steps and stages, and from then on it is only read.
///
/// `@unchecked Sendable`: every field is written during compilation, before the tree is published
/// inside a `JSONataExpression`; evaluation never mutates a node, so sharing it across threads is safe.
final class Node: @unchecked Sendable {
    enum Kind {
        // parse-tree kinds
        case binary, unary, name, variable, string, number, value, regex, wildcard, descendant, parent
        case function, partial, lambda, condition, block, transform, placeholder, operatorName, end
        // kinds made by the post-parse pass
        case path, bind, apply, sort
    }

    var kind: Kind
    /// Operator of binary/unary nodes, name of names/variables, text of string literals.
    var op: String = ""
    var number: Double = 0
    /// true/false/null literal (nil = null).
    var literal: Bool? = nil
    var position: Int

    var lhs: Node?
    var rhs: Node?
    var expression: Node?
    var expressions: [Node] = []
    var pairs: [(Node, Node)] = []
    var steps: [Node] = []
    var arguments: [Node] = []
    var procedure: Node?
    var body: Node?
    var params: [String] = []
    var signature: Signature?
    var condition: Node?
    var then: Node?
    var otherwise: Node?
    var pattern: Node?
    var update: Node?
    var delete: Node?
    var terms: [(descending: Bool, expr: Node)] = []
    var regex: RegexProgram?

    var predicate: [Stage]?
    var stages: [Stage]?
    var group: GroupSpec?
    var keepArray = false
    var keepSingletonArray = false
    var consarray = false
    var tuple = false
    var thunk = false
    var focus: String?
    var index: String?
    var ancestor: Slot?
    var seekingParent: [Slot]?
    var slot: Slot?
    /// Levels of the parse tree from this node down (1 for a leaf), set by the parser as it builds the tree.
    var height = 1

    init(_ kind: Kind, position: Int) {
        self.kind = kind
        self.position = position
    }

    /// The literal value of string/number/value nodes.
    var literalValue: Value {
        switch kind {
        case .string: return .string(op)
        case .number: return .number(number)
        case .value:
            if let b = literal { return .bool(b) }
            return .null
        default: return .undefined
        }
    }

    /// The greatest height among the node's children in the parse tree (0 for a leaf).
    var childHeight: Int {
        var h = 0
        for c in [lhs, rhs, expression, procedure, body, condition, then, otherwise, pattern, update, delete] {
            if let c, c.height > h { h = c.height }
        }
        for c in expressions where c.height > h { h = c.height }
        for c in arguments where c.height > h { h = c.height }
        for (k, v) in pairs { h = max(h, k.height, v.height) }
        for t in terms where t.expr.height > h { h = t.expr.height }
        return h
    }

    /// A deep copy of a parse tree (before post-processing), as the reference's JSON round-trip makes.
    func clone() -> Node {
        let n = Node(kind, position: position)
        n.height = height
        n.op = op
        n.number = number
        n.literal = literal
        n.params = params
        n.signature = signature
        n.regex = regex
        n.keepArray = keepArray
        n.lhs = lhs?.clone()
        n.rhs = rhs?.clone()
        n.expression = expression?.clone()
        n.procedure = procedure?.clone()
        n.body = body?.clone()
        n.condition = condition?.clone()
        n.then = then?.clone()
        n.otherwise = otherwise?.clone()
        n.pattern = pattern?.clone()
        n.update = update?.clone()
        n.delete = delete?.clone()
        if !expressions.isEmpty { n.expressions = Node.clone(expressions) }
        if !steps.isEmpty { n.steps = Node.clone(steps) }
        if !arguments.isEmpty { n.arguments = Node.clone(arguments) }
        if !pairs.isEmpty || !terms.isEmpty { cloneLists(into: n) }
        return n
    }

    @inline(never)
    private static func clone(_ nodes: [Node]) -> [Node] {
        var out: [Node] = []
        out.reserveCapacity(nodes.count)
        for x in nodes { out.append(x.clone()) }
        return out
    }

    @inline(never)
    private func cloneLists(into n: Node) {
        for (k, v) in pairs { n.pairs.append((k.clone(), v.clone())) }
        for t in terms { n.terms.append((t.descending, t.expr.clone())) }
    }
}

/// A predicate or index-binding stage applied after a step.
enum Stage {
    case filter(Node, position: Int)
    case index(String)
}

/// The `{key: value}` pairs of a grouping expression.
struct GroupSpec {
    var pairs: [(Node, Node)]
    var position: Int
}

/// A parent-operator (`%`) slot: the label its ancestor binds to and how many levels up it is.
final class Slot {
    var label: String
    var level: Int
    let index: Int
    init(label: String, level: Int, index: Int) {
        self.label = label
        self.level = level
        self.index = index
    }
}
