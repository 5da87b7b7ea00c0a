extension Evaluator {
    func mapFunction(_ arr: Value, _ f: Value, _ env: Frame) throws(JSONataError) -> Value {
        if arr.isUndefined { return .undefined }
        let items = arr.arrayItems
        var result: [Value] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let res = try callHOF(f, item, .number(Double(i)), arr, env)
            if !res.isUndefined { result.append(res) }
        }
        return .array(result, .sequence)
    }

    func filterFunction(_ arr: Value, _ f: Value, _ env: Frame) throws(JSONataError) -> Value {
        if arr.isUndefined { return .undefined }
        var result: [Value] = []
        for (i, item) in arr.arrayItems.enumerated() {
            let res = try callHOF(f, item, .number(Double(i)), arr, env)
            if truthy(res) { result.append(item) }
        }
        return .array(result, .sequence)
    }

    func singleFunction(_ arr: Value, _ f: Value, _ env: Frame) throws(JSONataError) -> Value {
        if arr.isUndefined { return .undefined }
        var found = false
        var result: Value = .undefined
        for (i, item) in arr.arrayItems.enumerated() {
            var positive = true
            if !f.isUndefined {
                positive = truthy(try callHOF(f, item, .number(Double(i)), arr, env))
            }
            if positive {
                if found { throw jerr("D3138", index: i) }
                result = item
                found = true
            }
        }
        if !found { throw jerr("D3139") }
        return result
    }

    func reduceFunction(_ seq: Value, _ f: Value, _ initial: Value, _ env: Frame) throws(JSONataError) -> Value {
        if seq.isUndefined { return .undefined }
        guard case .function(let fv) = f else { return .undefined }
        let arity = fv.arity
        if arity < 2 { throw jerr("D3050", index: 1) }
        let items = seq.arrayItems
        var result: Value
        var index: Int
        if initial.isUndefined && !items.isEmpty {
            result = items[0]
            index = 1
        } else {
            result = initial
            index = 0
        }
        while index < items.count {
            var args: [Value] = [result, items[index]]
            if arity >= 3 { args.append(.number(Double(index))) }
            if arity >= 4 { args.append(seq) }
            result = try apply(f, args, .null, env)
            index += 1
        }
        return result
    }

    func siftFunction(_ obj: Value, _ f: Value, _ env: Frame) throws(JSONataError) -> Value {
        let result = VObject()
        for (k, v) in obj.objectEntries {
            let res = try callHOF(f, v, .string(k), obj, env)
            if truthy(res) { result.set(k, v) }
        }
        if result.keys.isEmpty { return .undefined }
        return .object(result)
    }

    func eachFunction(_ obj: Value, _ f: Value, _ env: Frame) throws(JSONataError) -> Value {
        var result: [Value] = []
        for (k, v) in obj.objectEntries {
            let res = try callHOF(f, v, .string(k), obj, env)
            if !res.isUndefined { result.append(res) }
        }
        return .array(result, .sequence)
    }

    func zipFunction(_ args: [Value]) -> Value {
        var length = Int.max
        for a in args { length = Swift.min(length, a.isArray ? a.arrayCount : 0) }
        if args.isEmpty { length = 0 }
        var result: [Value] = []
        let lists = args.map { $0.arrayItems }
        for i in 0..<length {
            result.append(.array(lists.map { $0[i] }, []))
        }
        return .array(result, [])
    }

    func keysFunction(_ arg: Value) -> Value {
        if arg.isArray {
            var seen = Set<String>()
            var keys: [String] = []
            for item in arg.arrayItems {
                for k in item.objectKeys where !seen.contains(k) {
                    seen.insert(k)
                    keys.append(k)
                }
            }
            return .array(keys.map { .string($0) }, .sequence)
        }
        return .array(arg.objectKeys.map { .string($0) }, .sequence)
    }

    func lookupFunction(_ input: Value, _ key: String) -> Value {
        if input.isArray {
            var result: [Value] = []
            for item in input.arrayItems {
                let res = lookupFunction(item, key)
                if res.isUndefined { continue }
                if res.isArray { result.append(contentsOf: res.arrayItems) } else { result.append(res) }
            }
            return .array(result, .sequence)
        }
        return input.field(key)
    }

    func spreadFunction(_ arg: Value) -> Value {
        if arg.isArray {
            var parts: [Value] = [.sequence()]
            for item in arg.arrayItems { parts.append(spreadFunction(item)) }
            return appendAll(parts)
        }
        if arg.isObject {
            var result: [Value] = []
            for (k, v) in arg.objectEntries {
                let o = VObject(capacity: 1)
                o.set(k, v)
                result.append(.object(o))
            }
            return .array(result, .sequence)
        }
        return arg
    }

    func mergeFunction(_ arg: Value) -> Value {
        if arg.isUndefined { return .undefined }
        let result = VObject()
        for obj in arg.arrayItems {
            for (k, v) in obj.objectEntries { result.set(k, v) }
        }
        return .object(result)
    }

    func sortFunction(_ arr: Value, _ comparator: Value, _ env: Frame) throws(JSONataError) -> Value {
        if arr.isUndefined { return .undefined }
        if arr.arrayCount <= 1 { return arr }
        let items = arr.arrayItems
        let order: [Int]
        if comparator.isUndefined {
            let allNumbers = items.allSatisfy { if case .number(let d) = $0 { return !d.isNaN } else { return false } }
            let allStrings = items.allSatisfy { $0.isString }
            if !allNumbers && !allStrings { throw jerr("D3070", index: 1) }
            order = try mergeSortIndices(items.count) { (a: Int, b: Int) throws(JSONataError) -> Bool in
                switch (items[a], items[b]) {
                case (.number(let x), .number(let y)): return x > y
                case (.string(let x), .string(let y)): return jsLess(y, x)
                default: return false
                }
            }
        } else {
            order = try mergeSortIndices(items.count) { (a: Int, b: Int) throws(JSONataError) -> Bool in
                jsTruthy(try self.apply(comparator, [items[a], items[b]], .null, env))
            }
        }
        return .array(order.map { items[$0] }, [])
    }

    func shuffleFunction(_ arr: Value) -> Value {
        if arr.isUndefined { return .undefined }
        if arr.arrayCount <= 1 { return arr }
        var items = arr.arrayItems
        var i = items.count - 1
        while i > 0 {
            let j = Int(nextRandom() * Double(i + 1))
            items.swapAt(i, Swift.min(j, i))
            i -= 1
        }
        return .array(items, [])
    }

    func distinctFunction(_ arr: Value) throws(JSONataError) -> Value {
        if arr.isUndefined { return .undefined }
        if !arr.isArray || arr.arrayCount <= 1 { return arr }
        var results: [Value] = []
        for v in arr.arrayItems {
            var seen = false
            for r in results where try deepEqual(r, v, stackLimit) {
                seen = true
                break
            }
            if !seen { results.append(v) }
        }
        return .array(results, arr.isSequence ? .sequence : [])
    }
}
