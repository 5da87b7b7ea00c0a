extension Evaluator {
    func evalPath(_ expr: Node, _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        let steps = expr.steps
        guard let first = steps.first else { return .undefined }
        var inputSequence: Value
        if input.isArray && first.kind != .variable {
            inputSequence = input
        } else {
            inputSequence = .array([input], .sequence)
        }
        var resultSequence: Value = .undefined
        var isTupleStream = false
        var tupleBindings: [Tuple]? = nil

        for ii in steps.indices {
            let step = steps[ii]
            if step.tuple { isTupleStream = true }
            if ii == 0 && step.consarray {
                resultSequence = try eval(step, inputSequence, env)
            } else if isTupleStream {
                tupleBindings = try evalTupleStep(step, inputSequence, tupleBindings, env)
            } else {
                resultSequence = try evalStep(step, inputSequence, env, lastStep: ii == steps.count - 1)
            }
            if !isTupleStream {
                if resultSequence.isUndefined { break }
                if resultSequence.isArray && resultSequence.arrayCount == 0 { break }
            }
            if step.focus == nil { inputSequence = resultSequence }
        }

        if isTupleStream {
            let tb = tupleBindings ?? []
            if expr.tuple {
                resultSequence = .tuples(tb)
            } else {
                resultSequence = .array(tb.map { $0.focus }, .sequence)
            }
        }

        if expr.keepSingletonArray {
            if case .array(let items, var f) = resultSequence {
                if f.contains(.cons) && !f.contains(.sequence) {
                    resultSequence = .array([.array(items, f)], [.sequence, .keepSingleton])
                } else {
                    f.insert(.keepSingleton)
                    resultSequence = .array(items, f)
                }
            }
        }

        if let g = expr.group {
            resultSequence = try evalGroup(g, isTupleStream ? .tuples(tupleBindings ?? []) : resultSequence, env)
        }
        return resultSequence
    }

    func evalStep(_ step: Node, _ input: Value, _ env: Frame, lastStep: Bool) throws(JSONataError) -> Value {
        if step.kind == .sort {
            var result = try evalSort(step, input, env)
            if let stages = step.stages { result = try evalStages(stages, result, env) }
            return result
        }
        let items = input.arrayItems
        var out: [Value] = []
        out.reserveCapacity(items.count)
        var defined = 0
        var only: Value = .undefined
        for item in items {
            var res = try eval(step, item, env)
            if let stages = step.stages {
                for stage in stages {
                    if case .filter(let p, _) = stage { res = try evalFilter(p, res, env) }
                }
            }
            switch res {
            case .undefined:
                continue
            case .array(let a, let f):
                if f.contains(.cons) { out.append(res) } else { out.append(contentsOf: a) }
            case .jarray(let a):
                for j in a { out.append(Value(j)) }
            case .tuples:
                out.append(contentsOf: res.arrayItems)
            default:
                out.append(res)
            }
            defined += 1
            if defined == 1 { only = res }
        }
        if lastStep && defined == 1 && only.isArray && !only.isSequence {
            return only
        }
        return .array(out, .sequence)
    }

    func evalStages(_ stages: [Stage], _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        if case .tuples(let t) = input { return .tuples(try evalStagesTuples(stages, t, env)) }
        var result = input
        for stage in stages {
            if case .filter(let p, _) = stage { result = try evalFilter(p, result, env) }
        }
        return result
    }

    func evalStagesTuples(_ stages: [Stage], _ input: [Tuple], _ env: Frame) throws(JSONataError) -> [Tuple] {
        var result = input
        for stage in stages {
            switch stage {
            case .filter(let p, _):
                result = try evalFilterTuples(p, result, env)
            case .index(let name):
                for i in result.indices { result[i].bind(name, .number(Double(i))) }
            }
        }
        return result
    }

    func frameFromTuple(_ env: Frame, _ tuple: Tuple) -> Frame {
        let frame = Frame(parent: env)
        frame.bind("@", tuple.focus)
        for i in tuple.names.indices { frame.bind(tuple.names[i], tuple.values[i]) }
        return frame
    }

    func evalTupleStep(_ step: Node, _ input: Value, _ tupleBindings: [Tuple]?, _ env: Frame)
        throws(JSONataError) -> [Tuple]
    {
        if step.kind == .sort {
            var result: [Tuple]
            if let tb = tupleBindings {
                result = try sortTuples(step, tb, env)
            } else {
                let sorted = try evalSort(step, input, env)
                result = []
                for (i, item) in sorted.arrayItems.enumerated() {
                    var t = Tuple(focus: item)
                    if let idx = step.index { t.bind(idx, .number(Double(i))) }
                    result.append(t)
                }
            }
            if let stages = step.stages { result = try evalStagesTuples(stages, result, env) }
            return result
        }
        var result: [Tuple] = []
        let tb = tupleBindings ?? input.arrayItems.map { Tuple(focus: $0) }
        for t in tb {
            let stepEnv = frameFromTuple(env, t)
            let res = try eval(step, t.focus, stepEnv)
            if res.isUndefined { continue }
            if case .tuples(let rt) = res {
                for r in rt {
                    var tuple = t
                    tuple.merge(r)
                    result.append(tuple)
                }
                continue
            }
            let items = res.isArray ? res.arrayItems : [res]
            for (bb, item) in items.enumerated() {
                var tuple = t
                if let focus = step.focus {
                    tuple.bind(focus, item)
                } else {
                    tuple.focus = item
                }
                if let idx = step.index { tuple.bind(idx, .number(Double(bb))) }
                if let anc = step.ancestor { tuple.bind(anc.label, t.focus) }
                result.append(tuple)
            }
        }
        if let stages = step.stages { result = try evalStagesTuples(stages, result, env) }
        return result
    }

    /// Indexes selected by a numeric predicate result, or nil when it is not all numbers.
    @inline(__always) func numericSelectors(_ res: Value) throws(JSONataError) -> [Double]? {
        switch res {
        case .number(let d):
            if d.isNaN { return nil }
            if d.isInfinite { throw jerr("D1001", value: res) }
            return [d]
        case .array, .jarray:
            var out: [Double] = []
            for item in res.arrayItems {
                guard case .number(let d) = item, !d.isNaN else { return nil }
                if d.isInfinite { throw jerr("D1001", value: item) }
                out.append(d)
            }
            return out
        default:
            return nil
        }
    }

    func evalFilter(_ predicate: Node, _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        if case .tuples(let t) = input { return .tuples(try evalFilterTuples(predicate, t, env)) }
        let source: Value = input.isArray ? input : .array([input], .sequence)
        if predicate.kind == .number {
            var index = Int(clamping: Int64(predicate.number.rounded(.down).clampedToInt64))
            let count = source.arrayCount
            if index < 0 { index = count + index }
            let item = source.arrayItem(index)
            if item.isUndefined { return .sequence() }
            if item.isArray { return item }
            return .array([item], .sequence)
        }
        var results: [Value] = []
        let items = source.arrayItems
        for index in items.indices {
            let item = items[index]
            let res = try eval(predicate, item, env)
            if let sel = try numericSelectors(res) {
                for n in sel {
                    var ii = Int(clamping: Int64(n.rounded(.down).clampedToInt64))
                    if ii < 0 { ii = items.count + ii }
                    if ii == index { results.append(item) }
                }
            } else if truthy(res) {
                results.append(item)
            }
        }
        return .array(results, .sequence)
    }

    func evalFilterTuples(_ predicate: Node, _ input: [Tuple], _ env: Frame) throws(JSONataError) -> [Tuple] {
        if predicate.kind == .number {
            var index = Int(clamping: Int64(predicate.number.rounded(.down).clampedToInt64))
            if index < 0 { index = input.count + index }
            if index >= 0 && index < input.count { return [input[index]] }
            return []
        }
        var results: [Tuple] = []
        for index in input.indices {
            let item = input[index]
            let res = try eval(predicate, item.focus, frameFromTuple(env, item))
            if let sel = try numericSelectors(res) {
                for n in sel {
                    var ii = Int(clamping: Int64(n.rounded(.down).clampedToInt64))
                    if ii < 0 { ii = input.count + ii }
                    if ii == index { results.append(item) }
                }
            } else if truthy(res) {
                results.append(item)
            }
        }
        return results
    }

    // MARK: grouping

    func evalGroup(_ g: GroupSpec, _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        var keys: [String] = []
        var index: [String: Int] = [:]
        var exprIndexes: [Int] = []
        let result = VObject()
        if case .tuples(let tuples) = input {
            var data: [[Tuple]] = []
            for item in tuples {
                let frame = frameFromTuple(env, item)
                for (pairIndex, pair) in g.pairs.enumerated() {
                    let key = try eval(pair.0, item.focus, frame)
                    guard let k = try groupKey(key, g) else { continue }
                    if let i = index[k] {
                        if exprIndexes[i] != pairIndex { throw jerr("D1009", position: g.position, value: key) }
                        data[i].append(item)
                    } else {
                        index[k] = keys.count
                        keys.append(k)
                        exprIndexes.append(pairIndex)
                        data.append([item])
                    }
                }
            }
            for i in keys.indices {
                var reduced = data[i][0]
                if data[i].count > 1 {
                    // fold the tuples' bindings together with the reference's `append`
                    reduced.focus = appendAll(data[i].map { $0.focus })
                    var names: [String] = []
                    var lists: [String: [Value]] = [:]
                    for t in data[i] {
                        for (n, name) in t.names.enumerated() {
                            if lists[name] == nil { names.append(name) }
                            lists[name, default: []].append(t.values[n])
                        }
                    }
                    for name in names { reduced.bind(name, appendAll(lists[name] ?? [])) }
                }
                let context = reduced.focus
                let frame = Frame(parent: env)
                for n in reduced.names.indices { frame.bind(reduced.names[n], reduced.values[n]) }
                let v = try eval(g.pairs[exprIndexes[i]].1, context, frame)
                if !v.isUndefined { result.set(keys[i], v) }
            }
            return try Value.object(result).checkedNesting()
        }
        var items: [Value] = input.isArray ? input.arrayItems : [input]
        if items.isEmpty { items = [.undefined] }
        var data: [[Value]] = []
        for item in items {
            for (pairIndex, pair) in g.pairs.enumerated() {
                let key = try eval(pair.0, item, env)
                guard let k = try groupKey(key, g) else { continue }
                if let i = index[k] {
                    if exprIndexes[i] != pairIndex { throw jerr("D1009", position: g.position, value: key) }
                    data[i].append(item)
                } else {
                    index[k] = keys.count
                    keys.append(k)
                    exprIndexes.append(pairIndex)
                    data.append([item])
                }
            }
        }
        for i in keys.indices {
            let v = try eval(g.pairs[exprIndexes[i]].1, appendAll(data[i]), env)
            if !v.isUndefined { result.set(keys[i], v) }
        }
        return try Value.object(result).checkedNesting()
    }

    private func groupKey(_ key: Value, _ g: GroupSpec) throws(JSONataError) -> String? {
        switch key {
        case .undefined: return nil
        case .string(let s): return s
        default: throw jerr("T1003", position: g.position, value: key)
        }
    }

    // MARK: sorting

    func evalSort(_ expr: Node, _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        if case .tuples(let t) = input { return .tuples(try sortTuples(expr, t, env)) }
        let items = input.arrayItems
        if items.count <= 1 { return input.isArray ? input : .array(items, .sequence) }
        var keys: [[Value]] = []
        keys.reserveCapacity(items.count)
        for item in items {
            var k: [Value] = []
            for term in expr.terms { k.append(try eval(term.expr, item, env)) }
            keys.append(k)
        }
        let order = try mergeSortIndices(items.count) { (a: Int, b: Int) throws(JSONataError) -> Bool in
            try self.sortGreater(keys[a], keys[b], expr)
        }
        return .array(order.map { items[$0] }, .sequence)
    }

    func sortTuples(_ expr: Node, _ tuples: [Tuple], _ env: Frame) throws(JSONataError) -> [Tuple] {
        if tuples.count <= 1 { return tuples }
        var keys: [[Value]] = []
        for t in tuples {
            let frame = frameFromTuple(env, t)
            var k: [Value] = []
            for term in expr.terms { k.append(try eval(term.expr, t.focus, frame)) }
            keys.append(k)
        }
        let order = try mergeSortIndices(tuples.count) { (a: Int, b: Int) throws(JSONataError) -> Bool in
            try self.sortGreater(keys[a], keys[b], expr)
        }
        return order.map { tuples[$0] }
    }

    /// The order-by comparator: true when `a` must come after `b`.
    func sortGreater(_ a: [Value], _ b: [Value], _ expr: Node) throws(JSONataError) -> Bool {
        var comp = 0
        var index = 0
        while comp == 0 && index < expr.terms.count {
            defer { index += 1 }
            let aa = a[index]
            let bb = b[index]
            if aa.isUndefined {
                comp = bb.isUndefined ? 0 : 1
                continue
            }
            if bb.isUndefined {
                comp = -1
                continue
            }
            switch (aa, bb) {
            case (.number(let x), .number(let y)):
                if x == y { continue }
                comp = x < y ? -1 : 1
            case (.string(let x), .string(let y)):
                if x == y { continue }
                comp = jsLess(x, y) ? -1 : 1
            case (.number, .string), (.string, .number):
                throw jerr("T2007", position: expr.position, value: aa, value2: bb)
            default:
                let bad = (aa.isNumber || aa.isString) ? bb : aa
                throw jerr("T2008", position: expr.position, value: bad)
            }
            if expr.terms[index].descending { comp = -comp }
        }
        return comp == 1
    }
}

/// Stable top-down merge sort of `0..<count` in the reference's order of comparisons;
/// `greater(a, b)` true means `a` goes after `b`.
func mergeSortIndices(_ count: Int, _ greater: (Int, Int) throws(JSONataError) -> Bool) throws(JSONataError) -> [Int] {
    func msort(_ a: ArraySlice<Int>) throws(JSONataError) -> [Int] {
        if a.count <= 1 { return Array(a) }
        let mid = a.startIndex + a.count / 2
        let left = try msort(a[a.startIndex..<mid])
        let right = try msort(a[mid..<a.endIndex])
        var out: [Int] = []
        out.reserveCapacity(a.count)
        var i = 0
        var j = 0
        while i < left.count && j < right.count {
            if try greater(left[i], right[j]) {
                out.append(right[j])
                j += 1
            } else {
                out.append(left[i])
                i += 1
            }
        }
        out.append(contentsOf: left[i...])
        out.append(contentsOf: right[j...])
        return out
    }
    return try msort(Array(0..<count)[...])
}

/// JavaScript string ordering: by UTF-16 code units.
@inline(__always) func jsLess(_ a: String, _ b: String) -> Bool {
    a.utf16.lexicographicallyPrecedes(b.utf16)
}

/// `appendValues` folded over a list, in one pass: a lone defined value stays as it is,
/// several are concatenated into a plain array.
func appendAll(_ values: [Value]) -> Value {
    var first: Value = .undefined
    var items: [Value] = []
    var defined = 0
    for v in values where !v.isUndefined {
        defined += 1
        if defined == 1 {
            first = v
            continue
        }
        if defined == 2 {
            if first.isArray { items.append(contentsOf: first.arrayItems) } else { items.append(first) }
        }
        if v.isArray { items.append(contentsOf: v.arrayItems) } else { items.append(v) }
    }
    return defined <= 1 ? first : .array(items, [])
}

/// The reference's `fn.append`: concatenates, treating non-arrays as singletons.
func appendValues(_ a: Value, _ b: Value) -> Value {
    if a.isUndefined { return b }
    if b.isUndefined { return a }
    var items = a.isArray ? a.arrayItems : [a]
    if b.isArray { items.append(contentsOf: b.arrayItems) } else { items.append(b) }
    return .array(items, [])
}

extension Double {
    /// The value as an Int64 without trapping (saturating; NaN becomes 0).
    var clampedToInt64: Int64 {
        if isNaN { return 0 }
        if self >= 9.2e18 { return Int64.max }
        if self <= -9.2e18 { return Int64.min }
        return Int64(self)
    }
}
