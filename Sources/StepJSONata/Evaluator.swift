/// Evaluates a processed expression tree. One evaluator serves one `evaluate` call: it carries
/// the limits (depth, time, native stack), the clock and random source, and the host functions.
final class Evaluator {
    // Counters touched on every node: exempt from dynamic exclusivity checks (the evaluator is
    // confined to the calling thread and no access to them overlaps another).
    @exclusivity(unchecked) var depth = 0
    let maxDepth: Int
    let timeLimitMillis: Int
    let startNanos: UInt64
    /// Steps counted so far: one per node evaluated, more for work done outside `eval` (see `spend`).
    @exclusivity(unchecked) var tick = 0
    /// `stepLimit`, or `Int.max` for none.
    let maxSteps: Int
    /// Whether `slowChecks` has anything to check.
    let hasBudget: Bool
    let stackLimit: UInt
    let natives: [String: JSONataNativeFunction]
    let randomSeed: UInt64?
    private var fixedNow: Double?
    private var randomState: RandomSource?
    var builtinCache: [Int: FunctionValue] = [:]
    var nativeCache: [String: FunctionValue] = [:]

    init(environment: JSONataEnvironment) {
        maxDepth = environment.maxDepth.map { $0 > 0 ? $0 : Int.max } ?? Int.max
        timeLimitMillis = environment.timeLimitMilliseconds ?? 0
        startNanos = timeLimitMillis > 0 ? monotonicNanos() : 0
        maxSteps = environment.stepLimit.map { max($0, 1) } ?? Int.max
        hasBudget = timeLimitMillis > 0 || maxSteps < Int.max
        stackLimit = StackGuard.lowLimit()
        fixedNow = environment.nowMillis
        randomSeed = environment.randomSeed
        natives = environment.functions
    }

    /// The instant of this evaluation (fixed by the environment, or read once from the clock).
    var nowMillis: Double {
        if let fixedNow { return fixedNow }
        let t = wallClockMillis()
        fixedNow = t
        return t
    }

    /// A random double in [0, 1).
    func nextRandom() -> Double {
        var r = randomState ?? RandomSource(seed: randomSeed)
        let d = r.next()
        randomState = r
        return d
    }

    // MARK: guards

    /// Counts a level of evaluation. The native stack is checked at every level (one comparison): a level
    /// can take kilobytes of stack (more in debug builds), so checking every few levels could overshoot the
    /// margin `StackGuard` keeps on a small thread stack.
    @inline(__always) func enter() throws(JSONataError) {
        depth += 1
        if depth > maxDepth { throw overflowError() }
        if stackPointer() < stackLimit { throw overflowError() }
        tick &+= 1
        if tick & 255 == 0 && hasBudget { try slowChecks() }
    }

    /// Counts `steps` of work done without evaluating a node per step (a range's items, a string's
    /// growth), so that the budget bounds memory as well as time.
    @inline(__always) func spend(_ steps: Int) throws(JSONataError) {
        guard hasBudget, steps > 0 else { return }
        tick &+= steps
        try slowChecks()
    }

    @inline(never) func slowChecks() throws(JSONataError) {
        if tick > maxSteps {
            var e = JSONataError(
                code: "U1001",
                message: "Expression evaluation exceeded its budget of \(maxSteps) steps: Check for infinite loop")
            e.value = .int(maxSteps)
            throw e
        }
        if timeLimitMillis > 0 {
            let elapsed = (monotonicNanos() &- startNanos) / 1_000_000
            if elapsed > UInt64(timeLimitMillis) {
                var e = JSONataError(code: "U1001", message: "Expression evaluation timeout: Check for infinite loop")
                e.value = .int(timeLimitMillis)
                throw e
            }
        }
    }

    /// Checks the native stack without counting a level (used by deep recursive helpers).
    @inline(__always) func checkStack() throws(JSONataError) {
        if stackPointer() < stackLimit { throw overflowError() }
    }

    func overflowError() -> JSONataError { stackOverflowError() }

    // MARK: evaluate

    func eval(_ expr: Node, _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        try enter()
        defer { depth -= 1 }
        var result: Value
        switch expr.kind {
        case .path: result = try evalPath(expr, input, env)
        case .binary: result = try evalBinary(expr, input, env)
        case .unary: result = try evalUnary(expr, input, env)
        case .name: result = lookupField(input, expr.op)
        case .string: result = .string(expr.op)
        case .number: result = .number(expr.number)
        case .value: result = expr.literal.map { .bool($0) } ?? .null
        case .wildcard: result = try evalWildcard(input)
        case .descendant: result = try evalDescendants(input)
        case .parent: result = env.lookup(expr.slot?.label ?? "") ?? .undefined
        case .condition:
            var c = Value.undefined
            if let cn = expr.condition { c = try eval(cn, input, env) }
            if truthy(c) {
                if let t = expr.then { result = try eval(t, input, env) } else { result = .undefined }
            } else if let o = expr.otherwise {
                result = try eval(o, input, env)
            } else {
                result = .undefined
            }
        case .block:
            let frame = Frame(parent: env)
            result = .undefined
            for e in expr.expressions { result = try eval(e, input, frame) }
        case .bind:
            result = .undefined
            if let rhs = expr.rhs { result = try eval(rhs, input, env) }
            env.bind(expr.lhs?.op ?? "", result)
        case .regex:
            if let r = expr.regex { result = .function(FunctionValue(.regex(r))) } else { result = .undefined }
        case .function: result = try evalFunction(expr, input, env, applyTo: nil)
        case .variable:
            if expr.op.isEmpty {
                if case .array(let items, let f) = input, f.contains(.outerWrapper) {
                    result = items.first ?? .undefined
                } else {
                    result = input
                }
            } else {
                result = lookupVariable(expr.op, env)
            }
        case .lambda:
            guard let body = expr.body else { return .undefined }
            result = .function(
                FunctionValue(
                    .lambda(
                        Lambda(
                            params: expr.params, body: body, env: env, input: input, signature: expr.signature,
                            thunk: expr.thunk))))
        case .partial: result = try evalPartial(expr, input, env)
        case .apply: result = try evalApply(expr, input, env)
        case .transform: result = .function(FunctionValue(.transform(expr, env)))
        default: result = .undefined
        }

        if let preds = expr.predicate {
            for stage in preds {
                if case .filter(let p, _) = stage { result = try evalFilter(p, result, env) }
            }
        }
        if expr.kind != .path, let g = expr.group {
            result = try evalGroup(g, result, env)
        }
        if case .array(let items, var flags) = result, flags.contains(.sequence) {
            if expr.keepArray { flags.insert(.keepSingleton) }
            if items.isEmpty { return .undefined }
            if items.count == 1 && !flags.contains(.keepSingleton) { return items[0] }
            return .array(items, flags)
        }
        return result
    }

    // MARK: variables

    func builtinValue(_ b: Builtin) -> Value {
        if let f = builtinCache[b.rawValue] { return .function(f) }
        let f = FunctionValue(.builtin(b))
        builtinCache[b.rawValue] = f
        return .function(f)
    }

    @inline(__always) func lookupVariable(_ name: String, _ env: Frame) -> Value {
        if let v = env.lookup(name) { return v }
        return lookupGlobal(name) ?? .undefined
    }

    func lookupGlobal(_ name: String) -> Value? {
        if let cached = nativeCache[name] { return .function(cached) }
        if let n = natives[name] {
            let sig: Signature? = n.signature.flatMap { try? Signature($0) }
            let f = FunctionValue(.native(name, n, sig))
            nativeCache[name] = f
            return .function(f)
        }
        if let b = Builtin.byName[name] { return builtinValue(b) }
        return nil
    }

    /// True when a variable of that name exists anywhere (frames, host functions, built-ins).
    func variableExists(_ name: String, _ env: Frame) -> Bool {
        if let v = env.lookup(name) { return !v.isUndefined }
        return lookupGlobal(name) != nil
    }

    // MARK: field lookup

    /// The reference's `lookup`: a member of an object, or the flattened members of an array's items.
    func lookupField(_ input: Value, _ key: String) -> Value {
        switch input {
        case .jobject(let o):
            if let v = o[key] { return Value(v) }
            return .undefined
        case .object(let o): return o[key] ?? .undefined
        case .array, .jarray, .tuples:
            var result: [Value] = []
            for item in input.arrayItems {
                let res = lookupField(item, key)
                switch res {
                case .undefined: break
                case .array(let a, _): result.append(contentsOf: a)
                case .jarray(let a): for j in a { result.append(Value(j)) }
                default: result.append(res)
                }
            }
            return .sequence(result)
        default:
            return .undefined
        }
    }

    // MARK: wildcard and descendants

    func flatten(_ v: Value, into out: inout [Value]) throws(JSONataError) {
        if v.isArray {
            try checkStack()
            for item in v.arrayItems { try flatten(item, into: &out) }
        } else {
            out.append(v)
        }
    }

    func evalWildcard(_ input: Value) throws(JSONataError) -> Value {
        var input = input
        if case .array(let items, let f) = input, f.contains(.outerWrapper), let first = items.first { input = first }
        var results: [Value] = []
        var plain = false
        // arrays are objects to the reference: their items are the members
        let members: [Value]
        if input.isObject {
            members = input.objectEntries.map { $0.1 }
        } else if input.isArray {
            members = input.arrayItems
        } else {
            return .sequence()
        }
        for v in members {
            if v.isArray {
                try flatten(v, into: &results)
                plain = true
            } else {
                results.append(v)
            }
        }
        return .array(results, plain ? [] : .sequence)
    }

    func evalDescendants(_ input: Value) throws(JSONataError) -> Value {
        if input.isUndefined { return .undefined }
        var results: [Value] = []
        try recurseDescendants(input, &results)
        if results.count == 1 { return results[0] }
        return .sequence(results)
    }

    func recurseDescendants(_ v: Value, _ results: inout [Value]) throws(JSONataError) {
        try checkStack()
        if v.isArray {
            for item in v.arrayItems { try recurseDescendants(item, &results) }
        } else {
            results.append(v)
            if v.isObject {
                for (_, m) in v.objectEntries { try recurseDescendants(m, &results) }
            }
        }
    }
}

/// The reference's `fn.boolean` folded to true/false (undefined is false).
func truthy(_ v: Value) -> Bool { booleanOf(v) ?? false }

/// The reference's `fn.boolean`: nil for undefined.
func booleanOf(_ v: Value) -> Bool? {
    switch v {
    case .undefined: return nil
    case .null: return false
    case .bool(let b): return b
    case .number(let d): return d != 0 && !d.isNaN
    case .string(let s): return !s.isEmpty
    case .array, .jarray, .tuples:
        let n = v.arrayCount
        if n == 0 { return false }
        if n == 1 { return booleanOf(v.arrayItem(0)) ?? false }
        for item in v.arrayItems where booleanOf(item) == true { return true }
        return false
    case .object, .jobject: return v.objectCount > 0
    case .function: return false
    }
}

/// JavaScript truthiness (used where the reference tests a raw result with `if`).
func jsTruthy(_ v: Value) -> Bool {
    switch v {
    case .undefined, .null: return false
    case .bool(let b): return b
    case .number(let d): return d != 0 && !d.isNaN
    case .string(let s): return !s.isEmpty
    default: return true
    }
}
