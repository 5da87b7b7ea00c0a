/// One match reported by a matcher (a regex or a function returning the same structure).
struct MatchInfo {
    var match: String
    var start: Int
    var end: Int
    var groups: [Value]
    var next: Value
}

extension Evaluator {
    func unitsString(_ u: ArraySlice<UInt16>) -> String { String(decoding: u, as: UTF16.self) }

    func matchInfo(_ program: RegexProgram, _ units: [UInt16], _ m: RegexProgram.Match) -> MatchInfo {
        MatchInfo(
            match: unitsString(units[m.start..<m.end]), start: m.start, end: m.end,
            groups: m.groups.map { r in r.map { .string(unitsString(units[$0])) } ?? .undefined },
            next: .function(FunctionValue(.regexNext(program, units, m.end, 0))))
    }

    func matchObject(_ info: MatchInfo) -> Value {
        let o = VObject(capacity: 5)
        o.set("match", .string(info.match))
        o.set("start", .number(Double(info.start)))
        o.set("end", .number(Double(info.end)))
        o.set("groups", .array(info.groups, []))
        o.set("next", info.next)
        return .object(o)
    }

    /// The regex closure of the reference: the match at or after `from` as an object, or undefined.
    func regexMatchObject(_ program: RegexProgram, _ units: [UInt16], from: Int, checkEmpty: Bool)
        throws(JSONataError) -> Value
    {
        guard let m = try program.exec(units, from: from) else { return .undefined }
        if checkEmpty && m.start == m.end {
            throw jerr("D1004", value: .string(program.source))
        }
        return matchObject(matchInfo(program, units, m))
    }

    /// Interprets what a custom matcher returned.
    func matchInfo(from r: Value) throws(JSONataError) -> MatchInfo? {
        if r.isUndefined || r.isNull { return nil }
        let start = r.field("start")
        let groups = r.field("groups")
        let next = r.field("next")
        if !(start.isNumber || groups.isArray || next.isFunction) { throw jerr("T1010") }
        var info = MatchInfo(match: "", start: 0, end: 0, groups: groups.arrayItems, next: next)
        if case .string(let s) = r.field("match") { info.match = s }
        if case .number(let d) = start { info.start = Int(d.clampedToInt64) }
        if case .number(let d) = r.field("end") {
            info.end = Int(d.clampedToInt64)
        } else {
            info.end = info.start + info.match.utf16.count
        }
        return info
    }

    /// All matches of `matcher` in `str` (at most `limit`), following the reference's iteration.
    func matches(_ matcher: Value, _ str: String, limit: Int?, _ env: Frame) throws(JSONataError) -> [MatchInfo] {
        var out: [MatchInfo] = []
        if let limit, limit <= 0 { return out }
        if case .function(let f) = matcher, case .regex(let program) = f.kind {
            let units = Array(str.utf16)
            var from = 0
            var first = true
            while limit == nil || out.count < (limit ?? 0) {
                if !first && from >= units.count { break }
                guard let m = try program.exec(units, from: from) else { break }
                if !first && m.start == m.end { throw jerr("D1004", value: .string(program.source)) }
                out.append(matchInfo(program, units, m))
                from = m.end
                first = false
            }
            return out
        }
        var current = try matchInfo(from: try apply(matcher, [.string(str)], .null, env))
        while let info = current, limit == nil || out.count < (limit ?? 0) {
            out.append(info)
            if info.next.isFunction {
                current = try matchInfo(from: try apply(info.next, [], .null, env))
            } else {
                current = nil
            }
        }
        return out
    }

    func limitArg(_ v: Value) -> Int? {
        if case .number(let d) = v { return Int(d.rounded(.down).clampedToInt64) }
        return nil
    }

    func matchFunction(_ str: Value, _ regex: Value, _ limit: Value, _ env: Frame) throws(JSONataError) -> Value {
        guard case .string(let s) = str else { return .undefined }
        if case .number(let d) = limit, d < 0 { throw jerr("D3040", value: limit, index: 3) }
        var result: [Value] = []
        for m in try matches(regex, s, limit: limitArg(limit), env) {
            let o = VObject(capacity: 3)
            o.set("match", .string(m.match))
            o.set("index", .number(Double(m.start)))
            o.set("groups", .array(m.groups, []))
            result.append(.object(o))
        }
        return .array(result, .sequence)
    }

    func containsFunction(_ str: Value, _ token: Value, _ env: Frame) throws(JSONataError) -> Value {
        guard case .string(let s) = str else { return .undefined }
        if token.isUndefined { return .undefined }
        if case .string(let t) = token {
            return .bool(utf16IndexOf(Array(s.utf16), Array(t.utf16), from: 0) != nil)
        }
        return .bool(!(try matches(token, s, limit: 1, env)).isEmpty)
    }

    func replaceFunction(_ str: Value, _ pattern: Value, _ replacement: Value, _ limit: Value, _ env: Frame)
        throws(JSONataError) -> Value
    {
        guard case .string(let s) = str else { return .undefined }
        if case .string(let p) = pattern, p.isEmpty { throw jerr("D3010", value: pattern, index: 2) }
        if case .number(let d) = limit, d < 0 { throw jerr("D3011", value: limit, index: 4) }
        let lim = limitArg(limit)
        if let lim, lim <= 0 { return str }
        let units = Array(s.utf16)
        if case .string(let p) = pattern {
            let needle = Array(p.utf16)
            let rep = replacement.stringValue ?? ""
            var out: [UInt16] = []
            var position = 0
            var count = 0
            while lim == nil || count < (lim ?? 0), let idx = utf16IndexOf(units, needle, from: position) {
                out.append(contentsOf: units[position..<idx])
                out.append(contentsOf: rep.utf16)
                position = idx + needle.count
                count += 1
            }
            out.append(contentsOf: units[min(position, units.count)...])
            return .string(String(decoding: out, as: UTF16.self))
        }
        let found = try matches(pattern, s, limit: lim, env)
        if found.isEmpty { return str }
        var result = ""
        var position = 0
        for m in found {
            if m.start > position { result += unitsString(units[position..<min(m.start, units.count)]) }
            if case .string(let r) = replacement {
                result += substitute(Array(r.utf16), m)
            } else {
                let replaced = try apply(replacement, [matchObject(m)], .null, env)
                guard case .string(let r) = replaced else { throw jerr("D3012", value: replaced) }
                result += r
            }
            position = m.start + m.match.utf16.count
        }
        if position < units.count { result += unitsString(units[position...]) }
        return .string(result)
    }

    /// Expands `$0`, `$n` and `$$` in a replacement string as the reference does.
    func substitute(_ rep: [UInt16], _ m: MatchInfo) -> String {
        var out = ""
        var position = 0
        var index = rep.firstIndex(of: 0x24)
        while let idx = index, position < rep.count {
            out += unitsString(rep[position..<idx])
            position = idx + 1
            let dollar: UInt16? = position < rep.count ? rep[position] : nil
            if dollar == 0x24 {
                out += "$"
                position += 1
            } else if dollar == 0x30 {
                out += m.match
                position += 1
            } else {
                let maxDigits = m.groups.isEmpty ? 1 : Int(log10Floor(m.groups.count)) + 1
                func parseDigits(_ n: Int) -> Int? {
                    var v: Int? = nil
                    var k = position
                    while k < min(position + n, rep.count), rep[k] >= 0x30 && rep[k] <= 0x39 {
                        v = (v ?? 0) * 10 + Int(rep[k] - 0x30)
                        k += 1
                    }
                    return v
                }
                var gi = parseDigits(maxDigits)
                if maxDigits > 1, let g = gi, g > m.groups.count { gi = parseDigits(maxDigits - 1) }
                if let g = gi {
                    if !m.groups.isEmpty, g >= 1, g <= m.groups.count, case .string(let sub) = m.groups[g - 1] {
                        out += sub
                    }
                    position += String(g).count
                } else {
                    out += "$"
                }
            }
            index = rep[min(position, rep.count)...].firstIndex(of: 0x24)
        }
        if position < rep.count { out += unitsString(rep[position...]) }
        return out
    }

    func splitFunction(_ str: Value, _ separator: Value, _ limit: Value, _ env: Frame) throws(JSONataError) -> Value {
        guard case .string(let s) = str else { return .undefined }
        if case .number(let d) = limit, d < 0 { throw jerr("D3020", value: limit, index: 3) }
        let lim = limitArg(limit)
        if let lim, lim <= 0 { return .array([], []) }
        let units = Array(s.utf16)
        var result: [Value] = []
        if case .string(let sep) = separator {
            let needle = Array(sep.utf16)
            if needle.isEmpty {
                for u in units {
                    if let lim, result.count >= lim { break }
                    result.append(.string(String(decoding: [u], as: UTF16.self)))
                }
                return .array(result, [])
            }
            var position = 0
            while let idx = utf16IndexOf(units, needle, from: position) {
                if let lim, result.count >= lim { break }
                result.append(.string(unitsString(units[position..<idx])))
                position = idx + needle.count
            }
            if lim == nil || result.count < (lim ?? 0) {
                result.append(.string(unitsString(units[min(position, units.count)...])))
            }
            return .array(result, [])
        }
        let found = try matches(separator, s, limit: lim, env)
        if found.isEmpty { return .array([.string(s)], []) }
        var start = 0
        for m in found {
            result.append(.string(unitsString(units[min(start, units.count)..<min(max(m.start, start), units.count)])))
            start = m.end
        }
        if lim == nil || found.count < (lim ?? 0) {
            result.append(.string(unitsString(units[min(start, units.count)...])))
        }
        return .array(result, [])
    }
}

func log10Floor(_ n: Int) -> Int {
    var n = n
    var r = 0
    while n >= 10 {
        n /= 10
        r += 1
    }
    return r
}

extension Value {
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
