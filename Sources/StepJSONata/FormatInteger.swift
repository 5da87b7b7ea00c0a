#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An XPath `format-integer` picture (`$formatInteger`, `$parseInteger`, date/time components).
struct IntegerFormat {
    enum Primary { case decimal, letters, roman, words, sequence }
    enum LetterCase { case upper, lower, title }

    var primary = Primary.decimal
    var letterCase = LetterCase.lower
    var ordinal = false
    var zeroCode: UInt32 = 0x30
    var mandatoryDigits = 0
    var optionalDigits = 0
    var regular = false
    var separators: [(position: Int, character: String)] = []
    var token = ""
    var parseWidth: Int?

    static let decimalGroups: [UInt32] = [
        0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6,
        0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
        0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    ]

    init() {}

    init(picture: String) throws(JSONataError) {
        var primaryFormat = picture
        if let semi = picture.lastIndex(of: ";") {
            primaryFormat = String(picture[..<semi])
            let modifier = picture[picture.index(after: semi)...]
            if modifier.first == "o" { ordinal = true }
        }
        switch primaryFormat {
        case "A":
            letterCase = .upper
            primary = .letters
        case "a": primary = .letters
        case "I":
            letterCase = .upper
            primary = .roman
        case "i": primary = .roman
        case "W":
            letterCase = .upper
            primary = .words
        case "Ww":
            letterCase = .title
            primary = .words
        case "w": primary = .words
        default:
            var zero: UInt32? = nil
            var separatorPosition = 0
            var seps: [(Int, String)] = []
            for scalar in primaryFormat.unicodeScalars.reversed() {
                let cp = scalar.value
                var isDigit = false
                for g in IntegerFormat.decimalGroups where cp >= g && cp <= g + 9 {
                    isDigit = true
                    mandatoryDigits += 1
                    separatorPosition += 1
                    if let z = zero {
                        if z != g { throw JSONataError(code: "D3131") }
                    } else {
                        zero = g
                    }
                    break
                }
                if !isDigit {
                    if cp == 0x23 {
                        separatorPosition += 1
                        optionalDigits += 1
                    } else {
                        seps.append((separatorPosition, String(scalar)))
                    }
                }
            }
            if mandatoryDigits > 0 {
                primary = .decimal
                zeroCode = zero ?? 0x30
                let r = IntegerFormat.regularRepeat(seps)
                if r > 0 {
                    regular = true
                    separators = [(r, seps[0].1)]
                } else {
                    separators = seps.map { (position: $0.0, character: $0.1) }
                }
            } else {
                primary = .sequence
                token = primaryFormat
            }
        }
    }

    static func regularRepeat(_ seps: [(Int, String)]) -> Int {
        guard let first = seps.first else { return 0 }
        for s in seps where s.1 != first.1 { return 0 }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let factor = seps.reduce(first.0) { gcd($0, $1.0) }
        for i in 1...seps.count where !seps.contains(where: { $0.0 == i * factor }) { return 0 }
        return factor
    }

    func format(_ v: Double) throws(JSONataError) -> String {
        if !v.isFinite { throw jerr("D1001", value: .number(v)) }
        let negative = v < 0
        let value = Swift.abs(v)
        var out: String
        switch primary {
        case .letters:
            out = IntegerFormat.toLetters(value, letterCase == .upper ? 65 : 97)
        case .roman:
            // the reference recurses once per thousand: huge values overflow its stack
            if value > 1e7 { throw stackOverflowError() }
            out = IntegerFormat.toRoman(Int(value))
            if letterCase == .upper { out = out.uppercased() }
        case .words:
            out = IntegerFormat.toWords(value, ordinal)
            if letterCase == .upper {
                out = out.uppercased()
            } else if letterCase == .lower {
                out = out.lowercased()
            }
        case .decimal:
            out = numberToString(value)
            let pad = mandatoryDigits - out.unicodeScalars.count
            if pad > 0 { out = String(repeating: "0", count: pad) + out }
            if zeroCode != 0x30 {
                var v = String.UnicodeScalarView()
                for s in out.unicodeScalars {
                    v.append(Unicode.Scalar(s.value + zeroCode - 0x30) ?? s)
                }
                out = String(v)
            }
            var chars = Array(out.unicodeScalars).map { String($0) }
            if regular, let sep = separators.first {
                let n = (chars.count - 1) / sep.position
                if n >= 1 {
                    for ii in stride(from: n, to: 0, by: -1) {
                        let pos = chars.count - ii * sep.position
                        if pos >= 0 { chars.insert(sep.character, at: pos) }
                    }
                }
            } else {
                for sep in separators.reversed() {
                    let pos = chars.count - sep.position
                    if pos >= 0 && pos <= chars.count { chars.insert(sep.character, at: pos) }
                }
            }
            out = chars.joined()
            if ordinal {
                let last = chars.last ?? ""
                var suffix = ["1": "st", "2": "nd", "3": "rd"][last] ?? "th"
                if chars.count > 1 && chars[chars.count - 2] == "1" { suffix = "th" }
                out += suffix
            }
        case .sequence:
            throw JSONataError(code: "D3130", value: .string(token))
        }
        return negative ? "-" + out : out
    }

    static func toLetters(_ value: Double, _ a: UInt32) -> String {
        var letters: [Unicode.Scalar] = []
        var v = value
        while v > 0 {
            let r = (v - 1).truncatingRemainder(dividingBy: 26)
            if let s = Unicode.Scalar(UInt32(r) + a) { letters.insert(s, at: 0) }
            v = ((v - 1) / 26).rounded(.down)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: letters)
        return String(view)
    }

    static let romanNumerals: [(Int, String)] = [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
        (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ]

    static func toRoman(_ value: Int) -> String {
        var v = value
        var out = ""
        for (n, s) in romanNumerals {
            while v >= n {
                out += s
                v -= n
            }
        }
        return out
    }

    static let few = [
        "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve",
        "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen",
    ]
    static let ordinals = [
        "Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
        "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth",
        "Nineteenth",
    ]
    static let decades = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"]
    static let magnitudes = ["Thousand", "Million", "Billion", "Trillion"]

    static func toWords(_ value: Double, _ ordinal: Bool) -> String {
        func lookup(_ num: Double, _ prev: Bool, _ ord: Bool) -> String {
            var words = ""
            if num <= 19 {
                let i = Int(num)
                words = (prev ? " and " : "") + (ord ? ordinals[i] : few[i])
            } else if num < 100 {
                let tens = Int(num / 10)
                let remainder = Int(num.truncatingRemainder(dividingBy: 10))
                words = (prev ? " and " : "") + decades[tens - 2]
                if remainder > 0 {
                    words += "-" + lookup(Double(remainder), false, ord)
                } else if ord {
                    words = String(words.dropLast()) + "ieth"
                }
            } else if num < 1000 {
                let hundreds = Int(num / 100)
                let remainder = num.truncatingRemainder(dividingBy: 100)
                words = (prev ? ", " : "") + few[hundreds] + " Hundred"
                if remainder > 0 {
                    words += lookup(remainder, true, ord)
                } else if ord {
                    words += "th"
                }
            } else {
                var mag = Int((log10(num) / 3).rounded(.down))
                if mag > magnitudes.count { mag = magnitudes.count }
                let factor = pow(10, Double(mag * 3))
                let mant = (num / factor).rounded(.down)
                let remainder = num - mant * factor
                words = (prev ? ", " : "") + lookup(mant, false, false) + " " + magnitudes[mag - 1]
                if remainder > 0 {
                    words += lookup(remainder, true, ord)
                } else if ord {
                    words += "th"
                }
            }
            return words
        }
        return lookup(value, false, ordinal)
    }

    static let wordValues: [String: Double] = {
        var d: [String: Double] = [:]
        for (i, w) in few.enumerated() { d[w.lowercased()] = Double(i) }
        for (i, w) in ordinals.enumerated() { d[w.lowercased()] = Double(i) }
        for (i, w) in decades.enumerated() {
            let lw = w.lowercased()
            d[lw] = Double((i + 2) * 10)
            d[String(lw.dropLast()) + "ieth"] = Double((i + 2) * 10)
        }
        d["hundredth"] = 100
        for (i, w) in magnitudes.enumerated() {
            let v = pow(10, Double((i + 1) * 3))
            d[w.lowercased()] = v
            d[w.lowercased() + "th"] = v
        }
        return d
    }()

    static func wordsToNumber(_ text: String) -> Double {
        var parts: [String] = []
        var current = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "," && i + 1 < chars.count && chars[i + 1].isWhitespace {
                parts.append(current)
                current = ""
                i += 2
                continue
            }
            if c.isWhitespace && i + 4 < chars.count && String(chars[(i + 1)...(i + 3)]) == "and"
                && chars[i + 4].isWhitespace
            {
                parts.append(current)
                current = ""
                i += 5
                continue
            }
            if c.isWhitespace || c == "\\" || c == "-" {
                parts.append(current)
                current = ""
                i += 1
                continue
            }
            current.append(c)
            i += 1
        }
        parts.append(current)
        var segs: [Double] = [0]
        for part in parts {
            let value = wordValues[part] ?? .nan
            if value < 100 {
                var top = segs.popLast() ?? 0
                if top >= 1000 {
                    segs.append(top)
                    top = 0
                }
                segs.append(top + value)
            } else {
                segs.append((segs.popLast() ?? 0) * value)
            }
        }
        return segs.reduce(0, +)
    }

    func parse(_ s: String) throws(JSONataError) -> Value {
        switch primary {
        case .letters:
            let a: UInt32 = letterCase == .upper ? 65 : 97
            var decimal = 0.0
            let units = Array(s.unicodeScalars)
            for (i, u) in units.reversed().enumerated() {
                decimal += (Double(u.value) - Double(a) + 1) * pow(26, Double(i))
            }
            return .number(decimal)
        case .roman:
            let values: [Character: Double] = ["M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1]
            var decimal = 0.0
            var maxV = 1.0
            for c in s.uppercased().reversed() {
                let v = values[c] ?? .nan
                if v < maxV {
                    decimal -= v
                } else {
                    maxV = v
                    decimal += v
                }
            }
            return .number(decimal)
        case .words:
            return .number(IntegerFormat.wordsToNumber(s.lowercased()))
        case .decimal:
            var digits = s
            if ordinal { digits = String(digits.dropLast(2)) }
            if regular {
                digits = digits.split(separator: ",", omittingEmptySubsequences: false).joined()
            } else {
                for sep in separators { digits = digits.replacingAll(sep.character, with: "") }
            }
            if zeroCode != 0x30 {
                var v = String.UnicodeScalarView()
                for u in digits.unicodeScalars {
                    v.append(Unicode.Scalar(u.value &- zeroCode &+ 0x30) ?? u)
                }
                digits = String(v)
            }
            var n: Double? = nil
            for c in digits.utf8 {
                guard c >= 0x30 && c <= 0x39 else { break }
                n = (n ?? 0) * 10 + Double(c - 0x30)
            }
            return .number(n ?? .nan)
        case .sequence:
            throw JSONataError(code: "D3130", value: .string(token))
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        let hay = Array(utf16)
        let needle = Array(target.utf16)
        var out: [UInt16] = []
        var i = 0
        while let idx = utf16IndexOf(hay, needle, from: i) {
            out.append(contentsOf: hay[i..<idx])
            out.append(contentsOf: replacement.utf16)
            i = idx + needle.count
        }
        out.append(contentsOf: hay[min(i, hay.count)...])
        return String(decoding: out, as: UTF16.self)
    }
}
