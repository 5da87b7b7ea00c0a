#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Evaluator {
    func substring(_ str: Value, _ start: Value, _ length: Value) -> Value {
        guard case .string(let s) = str else { return .undefined }
        if isASCII(s) { return asciiSubstring(s, start, length) }
        let chars = Array(s.unicodeScalars)
        let n = chars.count
        var st = 0
        if case .number(let d) = start { st = Int(Swift.max(Swift.min(d, 1e9), -1e9)) }
        if n + st < 0 { st = 0 }
        func slice(_ from: Int, _ to: Int) -> String {
            var a = from < 0 ? Swift.max(n + from, 0) : Swift.min(from, n)
            var b = to < 0 ? Swift.max(n + to, 0) : Swift.min(to, n)
            if a > n { a = n }
            if b < a { b = a }
            var out = String.UnicodeScalarView()
            out.append(contentsOf: chars[a..<b])
            return String(out)
        }
        if case .number(let ld) = length {
            if ld <= 0 { return .string("") }
            let len = Int(Swift.min(ld, 1e9))
            let end = st >= 0 ? st + len : n + st + len
            return .string(slice(st, end))
        }
        return .string(slice(st, n))
    }

    /// `$substring` on an ASCII string: code points are bytes, so slice the UTF-8 directly.
    func asciiSubstring(_ s: String, _ start: Value, _ length: Value) -> Value {
        let n = s.utf8.count
        var st = 0
        if case .number(let d) = start { st = Int(Swift.max(Swift.min(d, 1e9), -1e9)) }
        if n + st < 0 { st = 0 }
        var end = n
        if case .number(let ld) = length {
            if ld <= 0 { return .string("") }
            let len = Int(Swift.min(ld, 1e9))
            end = st >= 0 ? st + len : n + st + len
        }
        let a = st < 0 ? Swift.max(n + st, 0) : Swift.min(st, n)
        let b = Swift.max(a, Swift.min(end < 0 ? Swift.max(n + end, 0) : end, n))
        let u = s.utf8
        return .string(String(Substring(u[u.index(u.startIndex, offsetBy: a)..<u.index(u.startIndex, offsetBy: b)])))
    }

    func substringAround(_ str: Value, _ chars: Value, before: Bool) -> Value {
        guard case .string(let s) = str else { return .undefined }
        guard case .string(let c) = chars else { return str }
        let hay = Array(s.utf16)
        let needle = Array(c.utf16)
        guard let pos = utf16IndexOf(hay, needle, from: 0) else { return str }
        if before { return .string(String(decoding: hay[0..<pos], as: UTF16.self)) }
        return .string(String(decoding: hay[(pos + needle.count)...], as: UTF16.self))
    }

    func trim(_ str: Value) -> Value {
        guard case .string(let s) = str else { return .undefined }
        var out: [UInt16] = []
        var inSpace = false
        for u in s.utf16 {
            if u == 0x20 || u == 0x09 || u == 0x0A || u == 0x0D {
                if !inSpace { out.append(0x20) }
                inSpace = true
            } else {
                out.append(u)
                inSpace = false
            }
        }
        if out.first == 0x20 { out.removeFirst() }
        if out.last == 0x20 { out.removeLast() }
        return .string(String(decoding: out, as: UTF16.self))
    }

    func pad(_ str: Value, _ width: Value, _ char: Value) throws(JSONataError) -> Value {
        guard case .string(let s) = str else { return .undefined }
        var padChar = " "
        if case .string(let c) = char, !c.isEmpty { padChar = c }
        guard case .number(let wd) = width else { return str }
        guard Swift.abs(wd) < 268_435_456 else { throw jerr("D1001", value: width) }
        let w = Int(wd.rounded(.towardZero))
        let padLength = Swift.abs(w) - s.unicodeScalars.count
        if padLength <= 0 { return str }
        // Counted before the padding is made (the width alone could ask for hundreds of megabytes).
        try spend(padLength >> 4)
        var padding = String(repeating: padChar, count: padLength)
        if padChar.unicodeScalars.count > 1 {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: padding.unicodeScalars.prefix(padLength))
            padding = String(v)
        }
        return .string(w > 0 ? s + padding : padding + s)
    }

    func aggregate(_ b: Builtin, _ a: Value) -> Value {
        if a.isUndefined { return .undefined }
        var nums: [Double] = []
        for item in a.arrayItems {
            if case .number(let d) = item { nums.append(d) }
        }
        switch b {
        case .sum: return .number(nums.reduce(0, +))
        case .max:
            guard var m = nums.first else { return .undefined }
            for d in nums {
                if d.isNaN { return .number(.nan) }
                if d > m { m = d }
            }
            return .number(m)
        case .min:
            guard var m = nums.first else { return .undefined }
            for d in nums {
                if d.isNaN { return .number(.nan) }
                if d < m { m = d }
            }
            return .number(m)
        default:
            if nums.isEmpty { return .undefined }
            return .number(nums.reduce(0, +) / Double(nums.count))
        }
    }

    func mapNumber(_ v: Value, _ f: (Double) -> Double) -> Value {
        guard case .number(let d) = v else { return .undefined }
        return .number(f(d))
    }

    func toNumber(_ v: Value) throws(JSONataError) -> Value {
        switch v {
        case .undefined: return .undefined
        case .number: return v
        case .bool(let b): return .number(b ? 1 : 0)
        case .string(let s):
            if isDecimalLiteral(s), let d = Double(s), d.isFinite { return .number(d) }
            if let d = radixLiteral(s) { return .number(d) }
            throw jerr("D3030", value: v, index: 1)
        default:
            throw jerr("D3030", value: v, index: 1)
        }
    }

    private func isDecimalLiteral(_ s: String) -> Bool {
        var u = Array(s.utf8)[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        func digits(_ u: inout ArraySlice<UInt8>) -> Int {
            var n = 0
            while let c = u.first, c >= 0x30 && c <= 0x39 {
                u = u.dropFirst()
                n += 1
            }
            return n
        }
        if digits(&u) == 0 { return false }
        if u.first == UInt8(ascii: ".") {
            u = u.dropFirst()
            if digits(&u) == 0 { return false }
        }
        if u.first == UInt8(ascii: "e") || u.first == UInt8(ascii: "E") {
            u = u.dropFirst()
            if u.first == UInt8(ascii: "+") || u.first == UInt8(ascii: "-") { u = u.dropFirst() }
            if digits(&u) == 0 { return false }
        }
        return u.isEmpty
    }

    private func radixLiteral(_ s: String) -> Double? {
        let u = Array(s.utf8)
        guard u.count > 2, u[0] == UInt8(ascii: "0") else { return nil }
        let radix: Int
        switch u[1] {
        case UInt8(ascii: "x"), UInt8(ascii: "X"): radix = 16
        case UInt8(ascii: "o"), UInt8(ascii: "O"): radix = 8
        case UInt8(ascii: "b"), UInt8(ascii: "B"): radix = 2
        default: return nil
        }
        var value = 0.0
        for c in u[2...] {
            guard let d = hexValue(UInt16(c)), Int(d) < radix else { return nil }
            value = value * Double(radix) + Double(d)
        }
        return value
    }

    func roundFunction(_ v: Value, _ precision: Value) -> Value {
        guard case .number(let x) = v else { return .undefined }
        var p = 0
        if case .number(let pd) = precision { p = Int(Swift.max(Swift.min(pd, 10_000), -10_000)) }
        return .number(roundHalfEven(x, p))
    }

    func formatBase(_ v: Value, _ radix: Value) throws(JSONataError) -> Value {
        guard case .number(let x) = v else { return .undefined }
        let value = roundHalfEven(x, 0)
        var r = 10.0
        if case .number(let rd) = radix { r = roundHalfEven(rd, 0) }
        if r < 2 || r > 36 { throw jerr("D3100", value: .number(r)) }
        if Swift.abs(value) < 9.2e18 {
            return .string(String(Int64(value), radix: Int(r)))
        }
        return .string(numberToString(value))
    }
}

/// The reference's `$round`: half-to-even at `precision` decimal places, shifting in decimal text.
func roundHalfEven(_ arg: Double, _ precision: Int) -> Double {
    guard arg.isFinite else { return arg }
    var x = arg
    if precision != 0 {
        x = shiftDecimal(x, precision)
    }
    var result = jsRound(x)
    let diff = result - x
    if Swift.abs(diff) == 0.5 && Swift.abs(result.truncatingRemainder(dividingBy: 2)) == 1 {
        result -= 1
    }
    if precision != 0 {
        result = shiftDecimal(result, -precision)
    }
    if result == 0 { result = 0 }
    return result
}

/// `+(mantissa + 'e' + (exponent + by))` on the number's JavaScript text.
func shiftDecimal(_ x: Double, _ by: Int) -> Double {
    let text = numberToString(x)
    var mantissa = Substring(text)
    var exp = 0
    if let e = text.firstIndex(of: "e") {
        mantissa = text[..<e]
        exp = Int(text[text.index(after: e)...]) ?? 0
    }
    return Double("\(mantissa)e\(exp + by)") ?? x
}

/// `Math.pow` with JavaScript's special cases.
func jsPow(_ x: Double, _ y: Double) -> Double {
    if y.isNaN { return .nan }
    if y == 0 { return 1 }
    if (x == 1 || x == -1) && y.isInfinite { return .nan }
    return pow(x, y)
}

/// JavaScript's `indexOf` over UTF-16 code units.
func utf16IndexOf(_ hay: [UInt16], _ needle: [UInt16], from: Int) -> Int? {
    let n = needle.count
    if n == 0 { return from <= hay.count ? from : hay.count }
    if hay.count < n { return nil }
    var i = Swift.max(from, 0)
    let first = needle[0]
    while i + n <= hay.count {
        if hay[i] == first {
            var j = 1
            while j < n && hay[i + j] == needle[j] { j += 1 }
            if j == n { return i }
        }
        i += 1
    }
    return nil
}

/// True when every byte of `s` is ASCII (so code points, UTF-16 units and bytes coincide).
func isASCII(_ s: String) -> Bool {
    var s = s
    return s.withUTF8 { buf in
        var acc: UInt8 = 0
        for b in buf { acc |= b }
        return acc < 0x80
    }
}
