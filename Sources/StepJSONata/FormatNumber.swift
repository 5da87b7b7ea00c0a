/// `$formatNumber`: XPath F&O 3.1 `format-number` picture strings, as the reference implements them.
struct NumberPicture {
    var decimalSep: Character = "."
    var groupingSep: Character = ","
    var exponentSep: Character = "e"
    var minusSign = "-"
    var percent: Character = "%"
    var perMille: Character = "\u{2030}"
    var zeroDigit: Character = "0"
    var digit: Character = "#"
    var patternSep: Character = ";"

    var family: [Character] {
        guard let z = zeroDigit.unicodeScalars.first?.value else { return [] }
        return (0..<10).compactMap { Unicode.Scalar(z + UInt32($0)).map { Character($0) } }
    }

    struct Parts {
        var prefix: [Character]
        var suffix: [Character]
        var active: [Character]
        var mantissa: [Character]
        var exponent: [Character]?
        var integer: [Character]
        var fraction: [Character]
        var sub: [Character]
    }

    struct Analysis {
        var integerGroups: [Int]
        var regularGrouping: Int
        var minInt: Int
        var scaling: Int
        var prefix: String
        var fractionGroups: [Int]
        var minFrac: Int
        var maxFrac: Int
        var minExp: Int
        var suffix: String
        var picture: [Character]
    }

    func isActive(_ c: Character) -> Bool {
        family.contains(c) || c == decimalSep || c == exponentSep || c == groupingSep || c == digit || c == patternSep
    }

    func split(_ sub: [Character]) -> Parts {
        var prefixEnd = sub.count
        for (i, c) in sub.enumerated() where isActive(c) && c != exponentSep {
            prefixEnd = i
            break
        }
        if prefixEnd == sub.count { prefixEnd = 0 }
        var prefix = Array(sub[0..<prefixEnd])
        if !sub.contains(where: { isActive($0) && $0 != exponentSep }) { prefix = [] }
        var suffix: [Character] = []
        for i in stride(from: sub.count - 1, through: 0, by: -1) where isActive(sub[i]) && sub[i] != exponentSep {
            suffix = Array(sub[(i + 1)...])
            break
        }
        let activeEnd = max(prefix.count, sub.count - suffix.count)
        let active = Array(sub[prefix.count..<activeEnd])
        var mantissa = active
        var exponent: [Character]? = nil
        if let ePos = firstIndex(sub, exponentSep, from: prefix.count), ePos <= sub.count - suffix.count {
            // the reference slices the active part with the position in the whole sub-picture
            mantissa = Array(active[0..<min(ePos, active.count)])
            exponent = ePos + 1 <= active.count ? Array(active[(ePos + 1)...]) : []
        }
        var integer = mantissa
        var fraction = suffix
        if let d = mantissa.firstIndex(of: decimalSep) {
            integer = Array(mantissa[..<d])
            fraction = Array(mantissa[(d + 1)...])
        }
        return Parts(
            prefix: prefix, suffix: suffix, active: active, mantissa: mantissa, exponent: exponent, integer: integer,
            fraction: fraction, sub: sub)
    }

    func firstIndex(_ a: [Character], _ c: Character, from: Int) -> Int? {
        var i = from
        while i < a.count {
            if a[i] == c { return i }
            i += 1
        }
        return nil
    }

    func count(_ a: [Character], _ c: Character) -> Int { a.filter { $0 == c }.count }

    func validate(_ p: Parts) throws(JSONataError) {
        var error: String? = nil
        let sub = p.sub
        if count(sub, decimalSep) > 1 { error = "D3081" }
        if count(sub, percent) > 1 { error = "D3082" }
        if count(sub, perMille) > 1 { error = "D3083" }
        if sub.contains(percent) && sub.contains(perMille) { error = "D3084" }
        if !p.mantissa.contains(where: { family.contains($0) || $0 == digit }) { error = "D3085" }
        if p.active.contains(where: { !isActive($0) }) { error = "D3086" }
        if let d = sub.firstIndex(of: decimalSep) {
            if (d > 0 && sub[d - 1] == groupingSep) || (d + 1 < sub.count && sub[d + 1] == groupingSep) {
                error = "D3087"
            }
        } else if p.integer.last == groupingSep {
            error = "D3088"
        }
        for i in 0..<max(sub.count - 1, 0) where sub[i] == groupingSep && sub[i + 1] == groupingSep {
            error = "D3089"
        }
        if let od = p.integer.firstIndex(of: digit), p.integer[..<od].contains(where: { family.contains($0) }) {
            error = "D3090"
        }
        if let od = p.fraction.lastIndex(of: digit), p.fraction[od...].contains(where: { family.contains($0) }) {
            error = "D3091"
        }
        if let e = p.exponent {
            if !e.isEmpty && (sub.contains(percent) || sub.contains(perMille)) { error = "D3092" }
            if e.isEmpty || e.contains(where: { !family.contains($0) }) { error = "D3093" }
        }
        if let error { throw JSONataError(code: error) }
    }

    func analyse(_ p: Parts) -> Analysis {
        func groupPositions(_ part: [Character], toLeft: Bool) -> [Int] {
            var positions: [Int] = []
            var g = part.firstIndex(of: groupingSep)
            while let gp = g {
                let side = toLeft ? Array(part[..<gp]) : Array(part[gp...])
                positions.append(side.filter { family.contains($0) || $0 == digit }.count)
                g = firstIndex(p.integer, groupingSep, from: gp + 1)
            }
            return positions
        }
        let intGroups = groupPositions(p.integer, toLeft: false)
        var regular = 0
        if !intGroups.isEmpty {
            func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
            let factor = intGroups.reduce(intGroups[0]) { gcd($0, $1) }
            regular = factor
            for i in 1...intGroups.count where !intGroups.contains(i * factor) { regular = 0 }
        }
        let fracGroups = groupPositions(p.fraction, toLeft: true)
        var minInt = p.integer.filter { family.contains($0) }.count
        let scaling = minInt
        var minFrac = p.fraction.filter { family.contains($0) }.count
        var maxFrac = p.fraction.filter { family.contains($0) || $0 == digit }.count
        let expPresent = p.exponent != nil
        if minInt == 0 && maxFrac == 0 {
            if expPresent {
                minFrac = 1
                maxFrac = 1
            } else {
                minInt = 1
            }
        }
        if expPresent && minInt == 0 && p.integer.contains(digit) { minInt = 1 }
        if minInt == 0 && minFrac == 0 { minFrac = 1 }
        let minExp = p.exponent.map { $0.filter { family.contains($0) }.count } ?? 0
        return Analysis(
            integerGroups: intGroups, regularGrouping: regular, minInt: minInt, scaling: scaling,
            prefix: String(p.prefix), fractionGroups: fracGroups, minFrac: minFrac, maxFrac: maxFrac, minExp: minExp,
            suffix: String(p.suffix), picture: p.sub)
    }
}

extension Evaluator {
    func formatNumber(_ value: Value, _ picture: Value, _ options: Value) throws(JSONataError) -> Value {
        guard case .number(let number) = value, case .string(let pictureText) = picture else { return .undefined }
        if !number.isFinite { throw jerr("D1001", value: value) }
        var props = NumberPicture()
        for (k, v) in options.objectEntries {
            guard case .string(let s) = v, let c = s.first else { continue }
            switch k {
            case "decimal-separator": props.decimalSep = c
            case "grouping-separator": props.groupingSep = c
            case "exponent-separator": props.exponentSep = c
            case "minus-sign": props.minusSign = s
            case "percent": props.percent = c
            case "per-mille": props.perMille = c
            case "zero-digit": props.zeroDigit = c
            case "digit": props.digit = c
            case "pattern-separator": props.patternSep = c
            default: break
            }
        }
        let pictureChars = Array(pictureText)
        let subPictures = pictureChars.split(separator: props.patternSep, omittingEmptySubsequences: false)
            .map(Array.init)
        if subPictures.count > 2 { throw JSONataError(code: "D3080") }
        let parts = subPictures.map { props.split($0) }
        for p in parts { try props.validate(p) }
        var analyses = parts.map { props.analyse($0) }
        if analyses.count == 1 {
            var neg = analyses[0]
            neg.prefix = props.minusSign + neg.prefix
            analyses.append(neg)
        }
        let pic = number >= 0 ? analyses[0] : analyses[1]
        var adjusted = number
        if pic.picture.contains(props.percent) {
            adjusted = number * 100
        } else if pic.picture.contains(props.perMille) {
            adjusted = number * 1000
        }
        var mantissa = adjusted
        var exponent: Int? = nil
        if pic.minExp != 0 {
            let maxM = pow10(pic.scaling)
            let minM = pow10(pic.scaling - 1)
            var e = 0
            if mantissa != 0 {
                while Swift.abs(mantissa) < minM {
                    mantissa *= 10
                    e -= 1
                }
                while Swift.abs(mantissa) > maxM {
                    mantissa /= 10
                    e += 1
                }
            }
            exponent = e
        }
        let rounded = roundHalfEven(mantissa, pic.maxFrac)
        let family = props.family
        func makeString(_ v: Double, _ dp: Int) -> [Character] {
            let s = Array(toFixed(Swift.abs(v), dp))
            if props.zeroDigit == "0" { return s }
            return s.map { c in
                if let a = c.asciiValue, a >= 48 && a <= 57, Int(a - 48) < family.count { return family[Int(a - 48)] }
                return c
            }
        }
        var str = makeString(rounded, pic.maxFrac)
        if let dot = str.firstIndex(of: ".") {
            str[dot] = props.decimalSep
        } else {
            str.append(props.decimalSep)
        }
        while str.first == props.zeroDigit { str.removeFirst() }
        while str.last == props.zeroDigit { str.removeLast() }
        var decimalPos = str.firstIndex(of: props.decimalSep) ?? str.count
        let padLeft = pic.minInt - decimalPos
        let padRight = pic.minFrac - (str.count - decimalPos - 1)
        if padLeft > 0 { str = Array(repeating: props.zeroDigit, count: padLeft) + str }
        if padRight > 0 { str += Array(repeating: props.zeroDigit, count: padRight) }
        decimalPos = str.firstIndex(of: props.decimalSep) ?? str.count
        if pic.regularGrouping > 0 {
            let groupCount = (decimalPos - 1) / pic.regularGrouping
            if groupCount >= 1 {
                for group in 1...groupCount {
                    let at = decimalPos - group * pic.regularGrouping
                    if at >= 0 && at <= str.count { str.insert(props.groupingSep, at: at) }
                }
            }
        } else {
            for pos in pic.integerGroups {
                let at = decimalPos - pos
                if at >= 0 && at <= str.count {
                    str.insert(props.groupingSep, at: at)
                    decimalPos += 1
                }
            }
        }
        decimalPos = str.firstIndex(of: props.decimalSep) ?? str.count
        for pos in pic.fractionGroups {
            let at = pos + decimalPos + 1
            if at <= str.count { str.insert(props.groupingSep, at: at) }
        }
        decimalPos = str.firstIndex(of: props.decimalSep) ?? str.count
        if !pic.picture.contains(props.decimalSep) || decimalPos == str.count - 1 {
            if !str.isEmpty { str.removeLast() }
        }
        var result = String(str)
        if let e = exponent {
            var es = makeString(Double(e), 0)
            let pad = pic.minExp - es.count
            if pad > 0 { es = Array(repeating: props.zeroDigit, count: pad) + es }
            result += String(props.exponentSep) + (e < 0 ? props.minusSign : "") + String(es)
        }
        return .string(pic.prefix + result + pic.suffix)
    }
}

func pow10(_ n: Int) -> Double {
    let n = max(min(n, 400), -400)
    var r = 1.0
    if n >= 0 {
        for _ in 0..<n { r *= 10 }
    } else {
        for _ in 0..<(-n) { r /= 10 }
    }
    return r
}
