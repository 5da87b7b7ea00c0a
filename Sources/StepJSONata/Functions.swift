extension Evaluator {
    /// Runs a built-in with validated arguments, and counts what its result grew to against the step
    /// budget (a built-in can make a long string or array in one call: `$pad`, `$join`, `$append`).
    func callBuiltin(_ b: Builtin, _ args: [Value], _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        let result = try runBuiltin(b, args, input, env)
        if hasBudget { try spend(Self.growthSteps(result)) }
        return result
    }

    /// The steps a value just made costs: one per array item, one per 16 bytes of a string.
    @inline(__always) static func growthSteps(_ v: Value) -> Int {
        switch v {
        case .string(let s): return s.utf8.count >> 4
        case .array(let items, _): return items.count
        default: return 0
        }
    }

    private func runBuiltin(_ b: Builtin, _ args: [Value], _ input: Value, _ env: Frame) throws(JSONataError) -> Value {
        @inline(__always) func arg(_ i: Int) -> Value { i < args.count ? args[i] : .undefined }
        switch b {
        case .sum, .max, .min, .average: return aggregate(b, arg(0))
        case .count:
            let a = arg(0)
            return .number(a.isUndefined ? 0 : Double(a.arrayCount))
        case .string:
            let a = arg(0)
            if a.isUndefined { return .undefined }
            var pretty = false
            if case .bool(let p) = arg(1) { pretty = p }
            return .string(try stringify(a, pretty: pretty))
        case .substring: return substring(arg(0), arg(1), arg(2))
        case .substringBefore, .substringAfter: return substringAround(arg(0), arg(1), before: b == .substringBefore)
        case .lowercase:
            guard case .string(let s) = arg(0) else { return .undefined }
            return .string(s.lowercased())
        case .uppercase:
            guard case .string(let s) = arg(0) else { return .undefined }
            return .string(s.uppercased())
        case .length:
            guard case .string(let s) = arg(0) else { return .undefined }
            return .number(Double(isASCII(s) ? s.utf8.count : s.unicodeScalars.count))
        case .trim: return trim(arg(0))
        case .pad: return try pad(arg(0), arg(1), arg(2))
        case .match: return try matchFunction(arg(0), arg(1), arg(2), env)
        case .contains: return try containsFunction(arg(0), arg(1), env)
        case .replace: return try replaceFunction(arg(0), arg(1), arg(2), arg(3), env)
        case .split: return try splitFunction(arg(0), arg(1), arg(2), env)
        case .join:
            let a = arg(0)
            if a.isUndefined { return .undefined }
            var sep = ""
            if case .string(let s) = arg(1) { sep = s }
            var parts: [String] = []
            for item in a.arrayItems {
                if case .string(let s) = item { parts.append(s) }
            }
            return .string(parts.joined(separator: sep))
        case .formatNumber: return try formatNumber(arg(0), arg(1), arg(2))
        case .formatBase: return try formatBase(arg(0), arg(1))
        case .formatInteger:
            guard case .number(let d) = arg(0), case .string(let p) = arg(1) else { return .undefined }
            if !d.isFinite { throw jerr("D1001", value: arg(0)) }
            return .string(try IntegerFormat(picture: p).format(d.rounded(.down)))
        case .parseInteger:
            guard case .string(let s) = arg(0), case .string(let p) = arg(1) else { return .undefined }
            return try IntegerFormat(picture: p).parse(s)
        case .number: return try toNumber(arg(0))
        case .floor: return mapNumber(arg(0)) { $0.rounded(.down) }
        case .ceil: return mapNumber(arg(0)) { $0.rounded(.up) }
        case .abs: return mapNumber(arg(0)) { Swift.abs($0) }
        case .round: return roundFunction(arg(0), arg(1))
        case .sqrt:
            guard case .number(let d) = arg(0) else { return .undefined }
            if d < 0 { throw jerr("D3060", value: arg(0), index: 1) }
            return .number(d.squareRoot())
        case .power:
            guard case .number(let x) = arg(0) else { return .undefined }
            guard case .number(let y) = arg(1) else { return .undefined }
            let r = jsPow(x, y)
            if !r.isFinite {
                var e = jerr("D3061", value: arg(0), index: 1)
                e.extra["exp"] = numberToString(y)
                throw e
            }
            return .number(r)
        case .random: return .number(nextRandom())
        case .boolean:
            guard let r = booleanOf(arg(0)) else { return .undefined }
            return .bool(r)
        case .not:
            guard let r = booleanOf(arg(0)) else { return .undefined }
            return .bool(!r)
        case .map: return try mapFunction(arg(0), arg(1), env)
        case .filter: return try filterFunction(arg(0), arg(1), env)
        case .single: return try singleFunction(arg(0), arg(1), env)
        case .reduce: return try reduceFunction(arg(0), arg(1), arg(2), env)
        case .sift: return try siftFunction(arg(0), arg(1), env)
        case .each: return try eachFunction(arg(0), arg(1), env)
        case .zip: return zipFunction(args)
        case .keys: return keysFunction(arg(0))
        case .lookup:
            guard case .string(let k) = arg(1) else { return .undefined }
            return lookupFunction(arg(0), k)
        case .append: return appendValues(arg(0), arg(1))
        case .exists: return .bool(!arg(0).isUndefined)
        case .spread: return spreadFunction(arg(0))
        case .merge: return mergeFunction(arg(0))
        case .reverse:
            let a = arg(0)
            if a.isUndefined { return .undefined }
            if a.arrayCount <= 1 { return a }
            return .array(a.arrayItems.reversed(), [])
        case .error:
            var message = "$error() function evaluated"
            if case .string(let m) = arg(0), !m.isEmpty { message = m }
            return try raise(JSONataError(code: "D3137", message: message))
        case .assert:
            if truthyJS(arg(0)) { return .undefined }
            var message = "$assert() statement failed"
            if case .string(let m) = arg(1), !m.isEmpty { message = m }
            return try raise(JSONataError(code: "D3141", message: message))
        case .type: return typeFunction(arg(0))
        case .sort: return try sortFunction(arg(0), arg(1), env)
        case .shuffle: return shuffleFunction(arg(0))
        case .distinct: return try distinctFunction(arg(0))
        case .base64encode:
            guard case .string(let s) = arg(0) else { return .undefined }
            return .string(base64Encode(s))
        case .base64decode:
            guard case .string(let s) = arg(0) else { return .undefined }
            return .string(base64Decode(s))
        case .encodeUrlComponent, .encodeUrl:
            guard case .string(let s) = arg(0) else { return .undefined }
            guard let r = uriEncode(s, keepReserved: b == .encodeUrl) else {
                var e = jerr("D3140", value: arg(0))
                e.extra["functionName"] = b.name
                throw e
            }
            return .string(r)
        case .decodeUrlComponent, .decodeUrl:
            guard case .string(let s) = arg(0) else { return .undefined }
            guard let r = uriDecode(s, keepReserved: b == .decodeUrl) else {
                var e = jerr("D3140", value: arg(0))
                e.extra["functionName"] = b.name
                throw e
            }
            return .string(r)
        case .eval: return try evalFunction(arg(0), arg(1), args.count > 1, input, env)
        case .toMillis: return try toMillis(arg(0), arg(1))
        case .fromMillis: return try fromMillis(arg(0), arg(1), arg(2))
        case .clone: return try cloneValue(arg(0))
        case .now: return try fromMillis(.number(nowMillis), arg(0), arg(1))
        case .millis: return .number(nowMillis)
        }
    }

    private func raise(_ e: JSONataError) throws(JSONataError) -> Value { throw e }

    /// JavaScript truthiness of an argument value, as `if(!condition)` tests it.
    func truthyJS(_ v: Value) -> Bool { jsTruthy(v) }

    func typeFunction(_ v: Value) -> Value {
        switch v {
        case .undefined: return .undefined
        case .null: return .string("null")
        case .number: return .string("number")
        case .string: return .string("string")
        case .bool: return .string("boolean")
        case .array, .jarray, .tuples: return .string("array")
        case .function: return .string("function")
        case .object, .jobject: return .string("object")
        }
    }

    /// `$eval(expr, context)`: compiles and evaluates a string in the caller's environment.
    func evalFunction(_ expr: Value, _ focus: Value, _ hasFocus: Bool, _ input: Value, _ env: Frame)
        throws(JSONataError) -> Value
    {
        guard case .string(let text) = expr else { return .undefined }
        var context = input
        if hasFocus && !focus.isUndefined {
            context = focus
            if focus.isArray && !focus.isSequence {
                context = .array([focus], [.sequence, .outerWrapper])
            }
        }
        let ast: Node
        do throws(JSONataError) {
            ast = try compileExpression(text)
        } catch {
            var inner = error
            inner.populateMessage()
            var e = JSONataError(code: "D3120")
            e.value = .string(inner.message)
            throw e
        }
        do throws(JSONataError) {
            return try eval(ast, context, env)
        } catch {
            var inner = error
            inner.populateMessage()
            var e = JSONataError(code: "D3121")
            e.value = .string(inner.message)
            throw e
        }
    }
}

/// Parses and post-processes an expression.
func compileExpression(_ source: String) throws(JSONataError) -> Node {
    var parser = try Parser(source)
    let raw = try parser.parse()
    return try ASTProcessor.process(raw)
}
