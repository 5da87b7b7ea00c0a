/// A function signature such as `<s-n?:s>`: validates (and fixes up) the arguments of a call.
struct Signature: Sendable {
    /// Type symbols of values: a b f l m n o s (m = missing/undefined).
    enum Sym: UInt8 {
        case a = 1, b = 2, f = 4, l = 8, m = 16, n = 32, o = 64, s = 128
        init?(_ c: Character) {
            switch c {
            case "a": self = .a
            case "b": self = .b
            case "f": self = .f
            case "l": self = .l
            case "m": self = .m
            case "n": self = .n
            case "o": self = .o
            case "s": self = .s
            default: return nil
            }
        }
        var char: Character {
            switch self {
            case .a: return "a"
            case .b: return "b"
            case .f: return "f"
            case .l: return "l"
            case .m: return "m"
            case .n: return "n"
            case .o: return "o"
            case .s: return "s"
            }
        }
    }

    enum Quantifier: Sendable { case one, optional, plus }

    struct Param: Sendable {
        var allowed: UInt8 = 0
        var type: String = ""
        var subtype: String?
        var context = false
        var contextAllowed: UInt8 = 0
        var quantifier = Quantifier.one
    }

    let params: [Param]
    let definition: String

    static func mask(_ s: String) -> UInt8 {
        var m: UInt8 = 0
        for c in s { if let y = Sym(c) { m |= y.rawValue } }
        return m
    }

    /// Parses `<...>`; errors carry `offset` in `position` relative to the signature start.
    init(_ signature: String) throws(JSONataError) {
        definition = signature
        let chars = Array(signature)
        var params: [Param] = []
        var param = Param()
        var position = 1
        func findClosing(_ start: Int, _ open: Character, _ close: Character) -> Int {
            var depth = 1
            var p = start
            while p < chars.count {
                p += 1
                if p >= chars.count { break }
                if chars[p] == close {
                    depth -= 1
                    if depth == 0 { break }
                } else if chars[p] == open {
                    depth += 1
                }
            }
            return p
        }
        while position < chars.count {
            let symbol = chars[position]
            if symbol == ":" { break }
            switch symbol {
            case "s", "n", "b", "l", "o":
                param.allowed = Signature.mask(String(symbol) + "m")
                param.type = String(symbol)
                params.append(param)
                param = Param()
            case "a":
                param.allowed = Signature.mask("asnblfom")
                param.type = "a"
                params.append(param)
                param = Param()
            case "f":
                param.allowed = Sym.f.rawValue
                param.type = "f"
                params.append(param)
                param = Param()
            case "j":
                param.allowed = Signature.mask("asnblom")
                param.type = "j"
                params.append(param)
                param = Param()
            case "x":
                param.allowed = Signature.mask("asnblfom")
                param.type = "x"
                params.append(param)
                param = Param()
            case "-":
                if var prev = params.popLast() {
                    prev.context = true
                    prev.contextAllowed = prev.allowed
                    prev.quantifier = .optional
                    params.append(prev)
                }
            case "?", "+":
                if var prev = params.popLast() {
                    prev.quantifier = symbol == "?" ? .optional : .plus
                    params.append(prev)
                }
            case "(":
                let end = findClosing(position, "(", ")")
                let choice = String(chars[(position + 1)..<min(end, chars.count)])
                if choice.contains("<") {
                    throw JSONataError(code: "S0402", position: position, value: .string(choice))
                }
                param.allowed = Signature.mask(choice + "m")
                param.type = "(" + choice + ")"
                position = end
                params.append(param)
                param = Param()
            case "<":
                if var prev = params.popLast(), prev.type == "a" || prev.type == "f" {
                    let end = findClosing(position, "<", ">")
                    prev.subtype = String(chars[(position + 1)..<min(end, chars.count)])
                    position = end
                    params.append(prev)
                } else {
                    throw JSONataError(code: "S0401", position: position, value: .string(params.last?.type ?? ""))
                }
            default:
                break
            }
            position += 1
        }
        self.params = params
    }

    static func symbol(_ v: Value) -> Sym {
        switch v {
        case .undefined: return .m
        case .null: return .l
        case .bool: return .b
        case .number: return .n
        case .string: return .s
        case .array, .jarray, .tuples: return .a
        case .object, .jobject: return .o
        case .function: return .f
        }
    }

    /// Backtracking match of the argument symbols against params[pi...]; fills `counts`.
    private func match(_ syms: [Sym], _ pi: Int, _ si: Int, _ counts: inout [Int], anchored: Bool, upTo: Int) -> Int? {
        if pi == upTo { return (!anchored || si == syms.count) ? si : nil }
        let p = params[pi]
        var maxRun = 0
        while si + maxRun < syms.count && (p.allowed & syms[si + maxRun].rawValue) != 0 {
            maxRun += 1
            if p.quantifier != .plus { break }
        }
        let minRun = p.quantifier == .optional ? 0 : 1
        var run = maxRun
        while run >= minRun {
            counts[pi] = run
            if let end = match(syms, pi + 1, si + run, &counts, anchored: anchored, upTo: upTo) { return end }
            run -= 1
        }
        return nil
    }

    /// Validates `args` against the signature, substituting the context for a missing `-` argument
    /// and wrapping non-arrays for array parameters.
    func validate(_ args: [Value], context: Value) throws(JSONataError) -> [Value] {
        let syms = args.map(Signature.symbol)
        var counts = [Int](repeating: 0, count: params.count)
        guard match(syms, 0, 0, &counts, anchored: true, upTo: params.count) != nil else {
            // find the first parameter that fails
            var goodTo = 0
            for k in 1...max(params.count, 1) where k <= params.count {
                var c = [Int](repeating: 0, count: params.count)
                guard let end = match(syms, 0, 0, &c, anchored: false, upTo: k) else {
                    throw jerr("T0410", value: goodTo < args.count ? args[goodTo] : .undefined, index: goodTo + 1)
                }
                goodTo = end
            }
            throw jerr("T0410", value: goodTo < args.count ? args[goodTo] : .undefined, index: goodTo + 1)
        }
        var out: [Value] = []
        out.reserveCapacity(params.count)
        var argIndex = 0
        var si = 0
        for (pi, p) in params.enumerated() {
            let count = counts[pi]
            if count == 0 {
                if p.context {
                    if (p.contextAllowed & Signature.symbol(context).rawValue) != 0 {
                        out.append(context)
                    } else {
                        throw jerr("T0411", value: context, index: argIndex + 1)
                    }
                } else {
                    out.append(argIndex < args.count ? args[argIndex] : .undefined)
                    argIndex += 1
                }
                continue
            }
            for k in 0..<count {
                let single = syms[si + k]
                var arg = argIndex < args.count ? args[argIndex] : .undefined
                if p.type == "a" {
                    if single == .m {
                        arg = .undefined
                    } else {
                        var ok = true
                        if let sub = p.subtype {
                            if single != .a && !(count == 1 && String(single.char) == sub) {
                                ok = false
                            } else if single == .a && arg.arrayCount > 0 {
                                let items = arg.arrayItems
                                let itemType = Signature.symbol(items[0])
                                if String(itemType.char) != String(sub.prefix(1)) {
                                    ok = false
                                } else {
                                    ok = items.allSatisfy { Signature.symbol($0) == itemType }
                                }
                            }
                        }
                        if !ok {
                            var e = jerr("T0412", value: arg, index: argIndex + 1)
                            e.extra["type"] = Signature.plural[p.subtype ?? ""] ?? ""
                            throw e
                        }
                        if single != .a { arg = .array([arg], []) }
                    }
                }
                out.append(arg)
                argIndex += 1
            }
            si += count
        }
        return out
    }

    static let plural: [String: String] = [
        "a": "arrays", "b": "booleans", "f": "functions", "n": "numbers", "o": "objects", "s": "strings",
    ]
}
