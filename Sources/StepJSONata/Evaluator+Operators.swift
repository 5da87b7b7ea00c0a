extension Evaluator {
    func evalBinary(_ expr: Node, _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        guard let lhsNode = expr.lhs, let rhsNode = expr.rhs else { return .undefined }
        let lhs = try eval(lhsNode, input, env)
        let op = expr.op
        if op == "and" || op == "or" {
            let l = truthy(lhs)
            if op == "and" {
                if !l { return .bool(false) }
                return .bool(truthy(try eval(rhsNode, input, env)))
            }
            if l { return .bool(true) }
            return .bool(truthy(try eval(rhsNode, input, env)))
        }
        let rhs = try eval(rhsNode, input, env)
        do throws(JSONataError) {
            switch op {
            case "+", "-", "*", "/", "%": return try arithmetic(lhs, rhs, op)
            case "=":
                if lhs.isUndefined || rhs.isUndefined { return .bool(false) }
                return .bool(try deepEqual(lhs, rhs, stackLimit))
            case "!=":
                if lhs.isUndefined || rhs.isUndefined { return .bool(false) }
                return .bool(!(try deepEqual(lhs, rhs, stackLimit)))
            case "<", "<=", ">", ">=": return try compare(lhs, rhs, op)
            case "&":
                let joined = try concatString(lhs) + concatString(rhs)
                if hasBudget { try spend(joined.utf8.count >> 4) }
                return .string(joined)
            case "..": return try range(lhs, rhs)
            case "in": return .bool(includes(lhs, rhs))
            default: return .undefined
            }
        } catch {
            var e = error
            e.position = expr.position
            e.token = op
            throw e
        }
    }

    @inline(__always) func numericOperand(_ v: Value, _ code: String) throws(JSONataError) -> Double? {
        switch v {
        case .undefined: return nil
        case .number(let d):
            if d.isNaN { throw jerr(code, value: v) }
            if d.isInfinite { throw jerr("D1001", value: v) }
            return d
        default: throw jerr(code, value: v)
        }
    }

    func arithmetic(_ lhs: Value, _ rhs: Value, _ op: String) throws(JSONataError) -> Value {
        let l = try numericOperand(lhs, "T2001")
        let r = try numericOperand(rhs, "T2002")
        guard let a = l, let b = r else { return .undefined }
        switch op {
        case "+": return .number(a + b)
        case "-": return .number(a - b)
        case "*": return .number(a * b)
        case "/": return .number(a / b)
        default: return .number(a.truncatingRemainder(dividingBy: b))
        }
    }

    func compare(_ lhs: Value, _ rhs: Value, _ op: String) throws(JSONataError) -> Value {
        func comparable(_ v: Value) -> Bool {
            switch v {
            case .undefined, .string, .number: return true
            default: return false
            }
        }
        if !comparable(lhs) || !comparable(rhs) {
            let bad = (lhs.isString || lhs.isNumber) ? rhs : lhs
            throw jerr("T2010", value: bad)
        }
        if lhs.isUndefined || rhs.isUndefined { return .undefined }
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)):
            switch op {
            case "<": return .bool(a < b)
            case "<=": return .bool(a <= b)
            case ">": return .bool(a > b)
            default: return .bool(a >= b)
            }
        case (.string(let a), .string(let b)):
            switch op {
            case "<": return .bool(jsLess(a, b))
            case "<=": return .bool(!jsLess(b, a))
            case ">": return .bool(jsLess(b, a))
            default: return .bool(!jsLess(a, b))
            }
        default:
            throw jerr("T2009", value: lhs, value2: rhs)
        }
    }

    func concatString(_ v: Value) throws(JSONataError) -> String {
        if v.isUndefined { return "" }
        return try stringify(v)
    }

    func range(_ lhs: Value, _ rhs: Value) throws(JSONataError) -> Value {
        func integer(_ v: Value, _ code: String) throws(JSONataError) -> Double? {
            switch v {
            case .undefined: return nil
            case .number(let d) where d.isFinite && d == d.rounded(): return d
            default: throw jerr(code, value: v)
            }
        }
        let l = try integer(lhs, "T2003")
        let r = try integer(rhs, "T2004")
        guard let a = l, let b = r else { return .undefined }
        if a > b { return .undefined }
        let size = b - a + 1
        if size > 1e7 { throw jerr("D2014", value: .number(size)) }
        let n = Int(size)
        try spend(n)
        var items = [Value]()
        items.reserveCapacity(n)
        for i in 0..<n { items.append(.number(a + Double(i))) }
        return .array(items, .sequence)
    }

    func includes(_ lhs: Value, _ rhs: Value) -> Bool {
        if lhs.isUndefined || rhs.isUndefined { return false }
        let items = rhs.isArray ? rhs.arrayItems : [rhs]
        for item in items where strictEqual(item, lhs) { return true }
        return false
    }

    func evalUnary(_ expr: Node, _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        switch expr.op {
        case "-":
            guard let e = expr.expression else { return .undefined }
            let v = try eval(e, input, env)
            switch v {
            case .undefined: return .undefined
            case .number(let d):
                if d.isInfinite { throw jerr("D1001", value: v) }
                if !d.isNaN { return .number(-d) }
            default: break
            }
            throw jerr("D1002", position: expr.position, token: "-", value: v)
        case "[":
            var result: [Value] = []
            for item in expr.expressions {
                let value = try eval(item, input, env)
                if value.isUndefined { continue }
                if item.kind == .unary && item.op == "[" {
                    result.append(value)
                } else if value.isArray {
                    result.append(contentsOf: value.arrayItems)
                } else {
                    result.append(value)
                }
            }
            return try Value.array(result, expr.consarray ? .cons : []).checkedNesting()
        case "{":
            return try evalGroup(GroupSpec(pairs: expr.pairs, position: expr.position), input, env)
        default:
            return .undefined
        }
    }
}

/// The reference's `isDeepEqual`.
func deepEqual(_ a: Value, _ b: Value, _ limit: UInt) throws(JSONataError) -> Bool {
    switch (a, b) {
    case (.undefined, .undefined), (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.function(let x), .function(let y)): return x === y
    case (.jobject(let x), .jobject(let y)): return x == y
    case (.jarray(let x), .jarray(let y)): return x == y
    default: break
    }
    if stackPointer() < limit { throw stackOverflowError() }
    if a.isArray && b.isArray {
        let n = a.arrayCount
        guard n == b.arrayCount else { return false }
        for i in 0..<n where !(try deepEqual(a.arrayItem(i), b.arrayItem(i), limit)) { return false }
        return true
    }
    if a.isObject && b.isObject {
        guard a.objectCount == b.objectCount else { return false }
        for (k, v) in a.objectEntries {
            guard b.hasField(k), try deepEqual(v, b.field(k), limit) else { return false }
        }
        return true
    }
    return false
}

/// JavaScript `===`: values for primitives, identity for objects and functions.
func strictEqual(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.function(let x), .function(let y)): return x === y
    case (.object(let x), .object(let y)): return x === y
    default: return false
    }
}
