import StepJSON

extension Evaluator {
    func procedureName(_ procedure: Node) -> String {
        if procedure.kind == .path, let first = procedure.steps.first { return first.op }
        return procedure.op
    }

    func evalFunction(_ expr: Node, _ input: Value, _ env: Frame, applyTo: Value?) throws(JSONataError) -> Value {
        guard let procedure = expr.procedure else { return .undefined }
        let proc = try eval(procedure, input, env)
        if proc.isUndefined && procedure.kind == .path, let first = procedure.steps.first,
            variableExists(first.op, env)
        {
            throw jerr("T1005", position: expr.position, token: first.op)
        }
        var args: [Value] = []
        args.reserveCapacity(expr.arguments.count + 1)
        if let applyTo { args.append(applyTo) }
        for arg in expr.arguments { args.append(try eval(arg, input, env)) }
        do throws(JSONataError) {
            return try apply(proc, args, input, env)
        } catch {
            var e = error
            if e.position == nil { e.position = expr.position }
            if e.token == nil { e.token = procedureName(procedure) }
            throw e
        }
    }

    /// Applies a function value, running the trampoline for tail calls.
    func apply(_ proc: Value, _ args: [Value], _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        var result = try applyInner(proc, args, input, env)
        while case .function(let f) = result, case .lambda(let l) = f.kind, l.thunk {
            guard let call = l.body.procedure else { break }
            let next = try eval(call, l.input, l.env)
            var nextArgs: [Value] = []
            nextArgs.reserveCapacity(l.body.arguments.count)
            for a in l.body.arguments { nextArgs.append(try eval(a, l.input, l.env)) }
            do throws(JSONataError) {
                result = try applyInner(next, nextArgs, input, env)
            } catch {
                var e = error
                if e.token == nil { e.token = procedureName(call) }
                if e.position == nil { e.position = l.body.position }
                throw e
            }
        }
        return result
    }

    func applyInner(_ proc: Value, _ args: [Value], _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        guard case .function(let f) = proc else { throw jerr("T1006") }
        var validated = args
        if let sig = f.signature { validated = try sig.validate(args, context: input) }
        switch f.kind {
        case .lambda(let l):
            let frame = Frame(parent: l.env)
            for (i, p) in l.params.enumerated() {
                frame.bind(p, i < validated.count ? validated[i] : .undefined)
            }
            return try eval(l.body, l.input, frame)
        case .builtin(let b):
            return try callBuiltin(b, validated, input, env)
        case .native(_, let n, _):
            var jargs: [JSON?] = []
            for a in validated {
                let j = try a.toJSONChecked(limit: stackLimit)
                if let j, j.nestingExceeds(JSON.maximumNestingDepth) { throw valueNestingError() }
                jargs.append(j)
            }
            return Value(try n.body(jargs))
        case .partialNative(let target, let bound, let holes):
            var full: [Value] = []
            var next = 0
            for i in holes.indices {
                if holes[i] {
                    full.append(next < validated.count ? validated[next] : .undefined)
                    next += 1
                } else {
                    full.append(i < bound.count ? bound[i] : .undefined)
                }
            }
            while full.last?.isUndefined == true { full.removeLast() }
            return try applyInner(.function(target), full, .undefined, env)
        case .regex(let program):
            guard case .string(let s) = validated.first ?? .undefined else { return .undefined }
            var from = 0
            if validated.count > 1, case .number(let d) = validated[1] { from = Int(d.clampedToInt64) }
            return try regexMatchObject(program, Array(s.utf16), from: from, checkEmpty: false)
        case .regexNext(let program, let units, let from, _):
            if from >= units.count { return .undefined }
            return try regexMatchObject(program, units, from: from, checkEmpty: true)
        case .transform(let node, let frame):
            return try applyTransform(node, frame, validated.first ?? .undefined)
        case .chain(let first, let second):
            let x = validated.first ?? .undefined
            let mid = try apply(.function(first), [x], .undefined, env)
            return try apply(.function(second), [mid], .undefined, env)
        }
    }

    /// Calls a function argument of a higher-order function with as many of (value, index, whole)
    /// as it declares.
    func callHOF(_ f: Value, _ v: Value, _ i: Value, _ whole: Value, _ env: Frame) throws(JSONataError) -> Value {
        let arity: Int
        if case .function(let fv) = f { arity = fv.arity } else { arity = 1 }
        var args: [Value] = [v]
        if arity >= 2 { args.append(i) }
        if arity >= 3 { args.append(whole) }
        return try apply(f, args, .null, env)
    }

    func evalPartial(_ expr: Node, _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        var args: [Value] = []
        var holes: [Bool] = []
        for arg in expr.arguments {
            if arg.kind == .placeholder {
                args.append(.undefined)
                holes.append(true)
            } else {
                args.append(try eval(arg, input, env))
                holes.append(false)
            }
        }
        guard let procedure = expr.procedure else { return .undefined }
        let proc = try eval(procedure, input, env)
        if proc.isUndefined && procedure.kind == .path, let first = procedure.steps.first,
            variableExists(first.op, env)
        {
            throw jerr("T1007", position: expr.position, token: first.op)
        }
        guard case .function(let f) = proc else {
            throw jerr("T1008", position: expr.position, token: procedureName(procedure))
        }
        if case .lambda(let l) = f.kind {
            let frame = Frame(parent: l.env)
            var unbound: [String] = []
            for (i, p) in l.params.enumerated() {
                if i < holes.count && holes[i] {
                    unbound.append(p)
                } else {
                    frame.bind(p, i < args.count ? args[i] : .undefined)
                }
            }
            return .function(
                FunctionValue(
                    .lambda(
                        Lambda(
                            params: unbound, body: l.body, env: frame, input: l.input, signature: nil, thunk: false))))
        }
        let declared: Int
        if case .builtin(let b) = f.kind { declared = b.declaredParams } else { declared = f.arity }
        while holes.count < declared {
            holes.append(false)
            args.append(.undefined)
        }
        return .function(FunctionValue(.partialNative(f, args, holes)))
    }

    func evalApply(_ expr: Node, _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        guard let lhsNode = expr.lhs, let rhsNode = expr.rhs else { return .undefined }
        let lhs = try eval(lhsNode, input, env)
        if rhsNode.kind == .function {
            return try evalFunction(rhsNode, input, env, applyTo: lhs)
        }
        let fn = try eval(rhsNode, input, env)
        guard case .function(let g) = fn else {
            throw jerr("T2006", position: expr.position, value: fn)
        }
        if case .function(let f) = lhs {
            return .function(FunctionValue(.chain(f, g)))
        }
        return try apply(fn, [lhs], .null, env)
    }

    func applyTransform(_ expr: Node, _ env: Frame, _ obj: Value) throws(JSONataError) -> Value {
        if obj.isUndefined { return .undefined }
        let cloneFn = lookupVariable("clone", env)
        guard case .function(let cf) = cloneFn else { throw jerr("T2013", position: expr.position) }
        let result: Value
        if case .builtin(.clone) = cf.kind {
            result = try cloneValue(obj)
        } else {
            result = try apply(cloneFn, [obj], .null, env)
        }
        guard let patternNode = expr.pattern else { return result }
        let matches = try eval(patternNode, result, env)
        if matches.isUndefined { return result }
        let items = matches.isArray ? matches.arrayItems : [matches]
        for match in items {
            if let updateNode = expr.update {
                let update = try eval(updateNode, match, env)
                if !update.isUndefined {
                    guard update.isObject else {
                        throw jerr("T2011", position: updateNode.position, value: update)
                    }
                    if case .object(let target) = match {
                        for (k, v) in update.objectEntries { target.set(k, v) }
                    }
                }
            }
            if let deleteNode = expr.delete {
                let deletions = try eval(deleteNode, match, env)
                if deletions.isUndefined { continue }
                let list = deletions.isArray ? deletions.arrayItems : [deletions]
                var names: [String] = []
                for d in list {
                    guard case .string(let s) = d else {
                        throw jerr("T2012", position: deleteNode.position, value: deletions)
                    }
                    names.append(s)
                }
                if case .object(let target) = match {
                    for n in names { target.remove(n) }
                }
            }
        }
        return result
    }

    /// `$clone`: a deep copy through the JSON text the reference round-trips it through.
    func cloneValue(_ v: Value) throws(JSONataError) -> Value {
        if v.isUndefined { return .undefined }
        let text = try stringify(v)
        guard let json = try? JSON(parsing: text) else { return try v.deepCopy(limit: stackLimit) }
        return try Value(json).deepCopy(limit: stackLimit)
    }
}
