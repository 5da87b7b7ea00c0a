/// The post-parse pass: flattens `.` into paths of steps, attaches predicates, index/focus
/// bindings, grouping and sorting to steps, resolves `%` ancestors, and marks tail calls.
struct ASTProcessor {
    var ancestorLabel = 0
    var ancestorIndex = 0
    var ancestry: [Node] = []

    static func process(_ root: Node) throws(JSONataError) -> Node {
        var p = ASTProcessor()
        let expr = try p.process(root)
        if expr.kind == .parent || expr.seekingParent != nil {
            throw jerr("S0217", position: expr.position, token: expr.kind == .parent ? "parent" : "path")
        }
        return expr
    }

    static func tailCallOptimize(_ expr: Node) -> Node {
        switch expr.kind {
        case .function where expr.predicate == nil:
            let thunk = Node(.lambda, position: expr.position)
            thunk.thunk = true
            thunk.body = expr
            return thunk
        case .condition:
            if let t = expr.then { expr.then = tailCallOptimize(t) }
            if let e = expr.otherwise { expr.otherwise = tailCallOptimize(e) }
            return expr
        case .block:
            if let last = expr.expressions.last {
                expr.expressions[expr.expressions.count - 1] = tailCallOptimize(last)
            }
            return expr
        default:
            return expr
        }
    }

    mutating func seekParent(_ node: Node, _ slot: Slot) throws(JSONataError) -> Slot {
        var slot = slot
        switch node.kind {
        case .name, .wildcard:
            slot.level -= 1
            if slot.level == 0 {
                if let anc = node.ancestor {
                    ancestry[slot.index].slot?.label = anc.label
                    node.ancestor = slot
                } else {
                    node.ancestor = slot
                }
                node.tuple = true
            }
        case .parent:
            slot.level += 1
        case .block:
            if let last = node.expressions.last {
                node.tuple = true
                slot = try seekParent(last, slot)
            }
        case .path:
            node.tuple = true
            var index = node.steps.count - 1
            slot = try seekParent(node.steps[index], slot)
            index -= 1
            while slot.level > 0 && index >= 0 {
                slot = try seekParent(node.steps[index], slot)
                index -= 1
            }
        default:
            throw jerr("S0217", position: node.position, token: "\(node.kind)")
        }
        return slot
    }

    func pushAncestry(_ result: Node, _ value: Node) {
        guard value.seekingParent != nil || value.kind == .parent else { return }
        var slots = value.seekingParent ?? []
        if value.kind == .parent, let s = value.slot { slots.append(s) }
        if result.seekingParent == nil {
            result.seekingParent = slots
        } else {
            result.seekingParent?.append(contentsOf: slots)
        }
    }

    mutating func resolveAncestry(_ path: Node) throws(JSONataError) {
        guard let laststep = path.steps.last else { return }
        var slots = laststep.seekingParent ?? []
        if laststep.kind == .parent, let s = laststep.slot { slots.append(s) }
        for var slot in slots {
            var index = path.steps.count - 2
            while slot.level > 0 {
                if index < 0 {
                    if path.seekingParent == nil {
                        path.seekingParent = [slot]
                    } else {
                        path.seekingParent?.append(slot)
                    }
                    break
                }
                var step = path.steps[index]
                index -= 1
                while index >= 0 && step.focus != nil && path.steps[index].focus != nil {
                    step = path.steps[index]
                    index -= 1
                }
                slot = try seekParent(step, slot)
            }
        }
    }

    /// Post-processes one node. Each kind is handled by a function of its own, so that the frames on the
    /// recursive path stay small (the tree may be `JSONataExpression.maximumNesting` levels tall).
    mutating func process(_ expr: Node) throws(JSONataError) -> Node {
        var result: Node
        switch expr.kind {
        case .binary:
            result = try processBinary(expr)
        case .unary:
            result = try processUnary(expr)
        case .function, .partial:
            result = try processCall(expr)
        case .lambda:
            result = try processLambda(expr)
        case .condition:
            result = try processCondition(expr)
        case .transform:
            result = try processTransform(expr)
        case .block:
            result = try processBlock(expr)
        case .name:
            result = ASTProcessor.namePath(expr)
        case .parent:
            result = processParent(expr)
        case .string, .number, .value, .wildcard, .descendant, .variable, .regex, .placeholder:
            result = expr
        case .operatorName:
            expr.kind = .name
            result = try process(expr)
        default:
            throw ASTProcessor.unexpected(expr)
        }
        if expr.keepArray { result.keepArray = true }
        return result
    }

    /// A name alone: a path of one step.
    @inline(never)
    static func namePath(_ expr: Node) -> Node {
        let result = Node(.path, position: expr.position)
        result.steps = [expr]
        if expr.keepArray { result.keepSingletonArray = true }
        return result
    }

    @inline(never)
    static func unexpected(_ expr: Node) -> JSONataError {
        if expr.kind == .end { return jerr("S0207", position: expr.position, token: "(end)") }
        return jerr("S0206", position: expr.position, token: expr.op)
    }

    @inline(never)
    mutating func processUnary(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.unary, position: expr.position)
        result.op = expr.op
        switch ASTProcessor.binaryKind(expr.op) {
        case .predicate: try processArrayItems(expr, into: result)
        case .groupBy: try processObjectPairs(expr, into: result)
        default:
            guard let e = expr.expression else { return result }
            let inner = try process(e)
            if expr.op == "-" && inner.kind == .number {
                inner.number = -inner.number
                return inner
            }
            result.expression = inner
            pushAncestry(result, inner)
        }
        return result
    }

    @inline(never)
    mutating func processArrayItems(_ expr: Node, into result: Node) throws(JSONataError) {
        for item in expr.expressions {
            let v = try process(item)
            pushAncestry(result, v)
            result.expressions.append(v)
        }
    }

    @inline(never)
    mutating func processObjectPairs(_ expr: Node, into result: Node) throws(JSONataError) {
        for (k, v) in expr.pairs {
            let key = try process(k)
            pushAncestry(result, key)
            let value = try process(v)
            pushAncestry(result, value)
            result.pairs.append((key, value))
        }
    }

    @inline(never)
    mutating func processCall(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(expr.kind, position: expr.position)
        result.op = expr.op
        for arg in expr.arguments {
            let a = try process(arg)
            pushAncestry(result, a)
            result.arguments.append(a)
        }
        if let p = expr.procedure { result.procedure = try process(p) }
        return result
    }

    @inline(never)
    mutating func processLambda(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.lambda, position: expr.position)
        result.params = expr.params
        result.signature = expr.signature
        if let b = expr.body { result.body = ASTProcessor.tailCallOptimize(try process(b)) }
        return result
    }

    @inline(never)
    mutating func processCondition(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.condition, position: expr.position)
        if let c = expr.condition {
            let v = try process(c)
            result.condition = v
            pushAncestry(result, v)
        }
        if let t = expr.then {
            let v = try process(t)
            result.then = v
            pushAncestry(result, v)
        }
        if let e = expr.otherwise {
            let v = try process(e)
            result.otherwise = v
            pushAncestry(result, v)
        }
        return result
    }

    @inline(never)
    mutating func processTransform(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.transform, position: expr.position)
        if let p = expr.pattern { result.pattern = try process(p) }
        if let u = expr.update { result.update = try process(u) }
        if let d = expr.delete { result.delete = try process(d) }
        return result
    }

    @inline(never)
    mutating func processBlock(_ expr: Node) throws(JSONataError) -> Node {
        let result = Node(.block, position: expr.position)
        for item in expr.expressions {
            let part = try process(item)
            pushAncestry(result, part)
            if part.consarray || (part.kind == .path && part.steps.first?.consarray == true) {
                result.consarray = true
            }
            result.expressions.append(part)
        }
        return result
    }

    @inline(never)
    mutating func processParent(_ expr: Node) -> Node {
        let result = Node(.parent, position: expr.position)
        result.slot = Slot(label: "!\(ancestorLabel)", level: 1, index: ancestorIndex)
        ancestorLabel += 1
        ancestorIndex += 1
        ancestry.append(result)
        return result
    }

    /// The binary operators the pass treats apart; classified outside `processBinary` so that the string matching
    /// is not in a frame on the recursive path.
    enum BinaryKind { case path, predicate, groupBy, sort, bind, focus, index, apply, other }

    @inline(never)
    static func binaryKind(_ op: String) -> BinaryKind {
        switch op {
        case ".": return .path
        case "[": return .predicate
        case "{": return .groupBy
        case "^": return .sort
        case ":=": return .bind
        case "@": return .focus
        case "#": return .index
        case "~>": return .apply
        default: return .other
        }
    }

    mutating func processBinary(_ expr: Node) throws(JSONataError) -> Node {
        guard let lhsNode = expr.lhs else { throw ASTProcessor.incomplete(expr) }
        switch ASTProcessor.binaryKind(expr.op) {
        case .path: return try processPath(expr, lhsNode)
        case .predicate: return try processPredicate(expr, lhsNode)
        case .groupBy: return try processGroupBy(expr, lhsNode)
        case .sort: return try processSort(expr, lhsNode)
        case .bind: return try processBind(expr, lhsNode)
        case .focus: return try processFocus(expr, lhsNode)
        case .index: return try processIndex(expr, lhsNode)
        case .apply: return try processApply(expr, lhsNode)
        case .other: return try processOperator(expr, lhsNode)
        }
    }

    @inline(never)
    static func incomplete(_ expr: Node) -> JSONataError { jerr("S0207", position: expr.position) }

    /// A path `a.b.c`: its steps flattened into one path node.
    @inline(never)
    mutating func processPath(_ expr: Node, _ lhsNode: Node) throws(JSONataError) -> Node {
        let lstep = try process(lhsNode)
        let result: Node
        if lstep.kind == .path {
            result = lstep
        } else {
            result = Node(.path, position: expr.position)
            result.steps = [lstep]
        }
        if lstep.kind == .parent, let s = lstep.slot { result.seekingParent = [s] }
        guard let rhsNode = expr.rhs else { throw ASTProcessor.incomplete(expr) }
        let rest = try process(rhsNode)
        if rest.kind == .path {
            result.steps.append(contentsOf: rest.steps)
        } else {
            if let p = rest.predicate {
                rest.stages = p
                rest.predicate = nil
            }
            result.steps.append(rest)
        }
        for step in result.steps {
            if step.kind == .number || step.kind == .value {
                throw jerr("S0213", position: step.position, value: step.literalValue)
            }
            if step.kind == .string { step.kind = .name }
        }
        if result.steps.contains(where: { $0.keepArray }) { result.keepSingletonArray = true }
        if let first = result.steps.first, first.kind == .unary && first.op == "[" { first.consarray = true }
        if let last = result.steps.last, last.kind == .unary && last.op == "[" { last.consarray = true }
        try resolveAncestry(result)
        return result
    }

    /// A predicate `a[…]`, attached to the step it filters.
    @inline(never)
    mutating func processPredicate(_ expr: Node, _ lhsNode: Node) throws(JSONataError) -> Node {
        let result = try process(lhsNode)
        var step = result
        var isStages = false
        if result.kind == .path, let last = result.steps.last {
            step = last
            isStages = true
        }
        if step.group != nil { throw jerr("S0209", position: expr.position) }
        guard let rhsNode = expr.rhs else { throw ASTProcessor.incomplete(expr) }
        let predicate = try process(rhsNode)
        if let seeking = predicate.seekingParent {
            for slot in seeking {
                if slot.level == 1 {
                    _ = try seekParent(step, slot)
                } else {
                    slot.level -= 1
                }
            }
            pushAncestry(step, predicate)
        }
        let stage = Stage.filter(predicate, position: expr.position)
        if isStages {
            step.stages = (step.stages ?? []) + [stage]
        } else {
            step.predicate = (step.predicate ?? []) + [stage]
        }
        return result
    }

    /// A grouping `a{k: v}`.
    @inline(never)
    mutating func processGroupBy(_ expr: Node, _ lhsNode: Node) throws(JSONataError) -> Node {
        let result = try process(lhsNode)
        if result.group != nil { throw jerr("S0210", position: expr.position) }
        var pairs: [(Node, Node)] = []
        for (k, v) in expr.pairs { pairs.append((try process(k), try process(v))) }
        result.group = GroupSpec(pairs: pairs, position: expr.position)
        return result
    }

    /// An order-by `a^(…)`.
    @inline(never)
    mutating func processSort(_ expr: Node, _ lhsNode: Node) throws(JSONataError) -> Node {
        var result = try process(lhsNode)
        if result.kind != .path {
            let p = Node(.path, position: expr.position)
            p.steps = [result]
            result = p
        }
        let sortStep = Node(.sort, position: expr.position)
        for term in expr.terms {
            let e = try process(term.expr)
            pushAncestry(sortStep, e)
            sortStep.terms.append((term.descending, e))
        }
        result.steps.append(sortStep)
        try resolveAncestry(result)
        return result
    }

    /// A binding `$x := …`.
    @inline(never)
    mutating func processBind(_ expr: Node, _ lhsNode: Node) throws(JSONataError) -> Node {
        let result = Node(.bind, position: expr.position)
        result.lhs = try process(lhsNode)
        if let r = expr.rhs { result.rhs = try process(r) }
        if let r = result.rhs { pushAncestry(result, r) }
        return result
    }

    /// A focus binding `a@$x`.
    @inline(never)
    mutating func processFocus(_ expr: Node, _ lhsNode: Node) throws(JSONataError) -> Node {
        let result = try process(lhsNode)
        var step = result
        if result.kind == .path, let last = result.steps.last { step = last }
        if step.stages != nil || step.predicate != nil { throw jerr("S0215", position: expr.position) }
        if step.kind == .sort { throw jerr("S0216", position: expr.position) }
        if expr.keepArray { step.keepArray = true }
        step.focus = expr.rhs?.op
        step.tuple = true
        return result
    }

    /// An index binding `a#$i`.
    @inline(never)
    mutating func processIndex(_ expr: Node, _ lhsNode: Node) throws(JSONataError) -> Node {
        var result = try process(lhsNode)
        var step = result
        if result.kind == .path, let last = result.steps.last {
            step = last
        } else {
            let p = Node(.path, position: expr.position)
            p.steps = [result]
            result = p
            if let pr = step.predicate {
                step.stages = pr
                step.predicate = nil
            }
        }
        let name = expr.rhs?.op ?? ""
        if step.stages == nil {
            step.index = name
        } else {
            step.stages?.append(.index(name))
        }
        step.tuple = true
        return result
    }

    /// Function application `a ~> $f`.
    @inline(never)
    mutating func processApply(_ expr: Node, _ lhsNode: Node) throws(JSONataError) -> Node {
        let result = Node(.apply, position: expr.position)
        result.op = "~>"
        result.lhs = try process(lhsNode)
        if let r = expr.rhs { result.rhs = try process(r) }
        result.keepArray = (result.lhs?.keepArray ?? false) || (result.rhs?.keepArray ?? false)
        return result
    }

    /// Any other binary operator.
    @inline(never)
    mutating func processOperator(_ expr: Node, _ lhsNode: Node) throws(JSONataError) -> Node {
        let result = Node(.binary, position: expr.position)
        result.op = expr.op
        let l = try process(lhsNode)
        result.lhs = l
        guard let rhsNode = expr.rhs else { throw ASTProcessor.incomplete(expr) }
        let r = try process(rhsNode)
        result.rhs = r
        pushAncestry(result, l)
        pushAncestry(result, r)
        return result
    }
}
