/// How one picture part is recognised and read back when parsing a timestamp.
struct PartMatcher {
    var regex: String
    var component: Character?
    var parse: ((String) -> Double?)?
}

extension IntegerFormat {
    func matcher() throws(JSONataError) -> PartMatcher {
        let isUpper = letterCase == .upper
        switch primary {
        case .letters:
            let me = self
            return PartMatcher(regex: isUpper ? "[A-Z]+" : "[a-z]+") { s in me.parseNumber(s) }
        case .roman:
            let me = self
            return PartMatcher(regex: isUpper ? "[MDCLXVI]+" : "[mdclxvi]+") { s in me.parseNumber(s) }
        case .words:
            let words = IntegerFormat.wordValues.keys.sorted() + ["and", "[\\-, ]"]
            let me = self
            return PartMatcher(regex: "(?:" + words.joined(separator: "|") + ")+") { s in me.parseNumber(s) }
        case .decimal:
            var r = "[0-9]"
            if let w = parseWidth { r += "{\(w)}" } else { r += "+" }
            if ordinal { r += "(?:th|st|nd|rd)" }
            let me = self
            return PartMatcher(regex: r) { s in me.parseNumber(s) }
        case .sequence:
            throw JSONataError(code: "D3130", value: .string(token))
        }
    }

    func parseNumber(_ s: String) -> Double? {
        guard case .number(let d) = (try? parse(s)) ?? .undefined, !d.isNaN else { return nil }
        return d
    }
}

extension Evaluator {
    static func escapeRegex(_ s: String) -> String {
        var out = ""
        for c in s {
            if ".*+?^${}()|[]\\".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    func parseDateTime(_ timestamp: String, _ picture: String) throws(JSONataError) -> Value {
        let spec = try DateTimePicture.analyse(picture)
        var parts: [PartMatcher] = []
        for part in spec {
            if let lit = part.literal {
                parts.append(PartMatcher(regex: Evaluator.escapeRegex(lit)))
                continue
            }
            let c = part.component
            if c == "Z" || c == "z" {
                var sep: String? = nil
                if let f = part.integerFormat, f.regular { sep = f.separators.first?.character }
                var r = c == "z" ? "GMT" : ""
                r += "[-+][0-9]+"
                if let sep { r += Evaluator.escapeRegex(sep) + "[0-9]+" }
                parts.append(
                    PartMatcher(regex: r, component: c) { value in
                        var v = value
                        if c == "z" { v = String(v.dropFirst(3)) }
                        var hours = 0.0
                        var minutes = 0.0
                        if let sep, let idx = v.firstRange(of: sep) {
                            hours = parseIntPrefix(String(v[..<idx.lowerBound])) ?? .nan
                            minutes = parseIntPrefix(String(v[idx.upperBound...])) ?? .nan
                        } else if v.count - 1 <= 2 {
                            hours = parseIntPrefix(v) ?? .nan
                        } else {
                            hours = parseIntPrefix(String(v.prefix(3))) ?? .nan
                            minutes = parseIntPrefix(String(v.dropFirst(3))) ?? .nan
                        }
                        return hours * 60 + minutes
                    })
            } else if c == "f" {
                parts.append(
                    PartMatcher(regex: "[0-9]+", component: c) { v in
                        (Double("0." + v.prefix(3)) ?? .nan) * 1000
                    })
            } else if let f = part.integerFormat {
                var m = try f.matcher()
                m.component = c
                parts.append(m)
            } else {
                var lookup: [String: Double] = [:]
                if c == "M" || c == "x" {
                    for (i, name) in DateTimePicture.months.enumerated() {
                        lookup[part.widthMax.map { String(name.prefix($0)) } ?? name] = Double(i + 1)
                    }
                } else if c == "F" {
                    for (i, name) in DateTimePicture.days.enumerated() where i > 0 {
                        lookup[part.widthMax.map { String(name.prefix($0)) } ?? name] = Double(i)
                    }
                } else if c == "P" {
                    lookup = ["am": 0, "AM": 0, "pm": 1, "PM": 1]
                } else {
                    throw JSONataError(code: "D3133", value: .string(String(c)))
                }
                let table = lookup
                parts.append(PartMatcher(regex: "[a-zA-Z]+", component: c) { v in table[v] })
            }
        }
        let full = "^" + parts.map { "(" + $0.regex + ")" }.joined() + "$"
        guard let program = try? RegexProgram(pattern: full, flags: "i") else { return .undefined }
        guard let m = try program.matchesWhole(Array(timestamp.utf16)) else { return .undefined }
        let units = Array(timestamp.utf16)
        var components: [Character: Double] = [:]
        var defined: Set<Character> = []
        for (i, part) in parts.enumerated() {
            guard let c = part.component, let parse = part.parse, i < m.groups.count, let r = m.groups[i] else {
                continue
            }
            defined.insert(c)
            if let v = parse(String(decoding: units[r], as: UTF16.self)) { components[c] = v }
        }
        if defined.isEmpty { return .undefined }
        var mask = 0
        func shift(_ set: Bool) {
            mask <<= 1
            mask += set ? 1 : 0
        }
        func isType(_ type: Int) -> Bool { (~type & mask) == 0 && (type & mask) != 0 }
        for c in "YXMxWwdD" { shift(components[c].map { $0 != 0 && !$0.isNaN } ?? false) }
        let dateA = isType(161)
        let dateB = !dateA && isType(130)
        let dateC = isType(84)
        let dateD = !dateC && isType(72)
        mask = 0
        for c in "PHhmsf" { shift(components[c].map { $0 != 0 && !$0.isNaN } ?? false) }
        let timeA = isType(23)
        let timeB = !timeA && isType(47)
        let dateComps = dateB ? "YD" : dateC ? "XxwF" : dateD ? "XWF" : "YMD"
        let timeComps = timeB ? "Phmsf" : "Hmsf"
        let now = CivilTime(millis: nowMillis)
        var startSpecified = false
        var endSpecified = false
        for part in dateComps + timeComps {
            if components[part] == nil {
                if startSpecified {
                    components[part] = "MDd".contains(part) ? 1 : 0
                    endSpecified = true
                } else if case .number(let d) = now.fragment(part, millis: nowMillis) {
                    components[part] = d
                } else {
                    components[part] = 0
                }
            } else {
                startSpecified = true
                if endSpecified { throw JSONataError(code: "D3136") }
            }
        }
        if let mo = components["M"], mo > 0 {
            components["M"] = mo - 1
        } else {
            components["M"] = 0
        }
        if dateB {
            let firstJan = CivilTime.utc(components["Y"] ?? 0, 0)
            let derived = CivilTime(millis: firstJan + ((components["d"] ?? 1) - 1) * CivilTime.msPerDay)
            components["M"] = Double(derived.month)
            components["D"] = Double(derived.day)
        }
        if dateC || dateD { throw JSONataError(code: "D3136") }
        if timeB {
            let h = components["h"] ?? 0
            var hh = h == 12 ? 0 : h
            if components["P"] == 1 { hh += 12 }
            components["H"] = hh
        }
        var millis = CivilTime.utc(
            components["Y"] ?? 0, components["M"] ?? 0, components["D"] ?? 1, components["H"] ?? 0,
            components["m"] ?? 0, components["s"] ?? 0, components["f"] ?? 0)
        if let z = components["Z"] ?? components["z"], z != 0 { millis -= z * 60 * 1000 }
        return .number(millis)
    }
}
