#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Formats with a C printf format taking one double (correctly rounded by the C library).
func cFormat(_ format: String, _ d: Double) -> String {
    var buf = [CChar](repeating: 0, count: 512)
    let n = withVaList([d]) { va in
        buf.withUnsafeMutableBufferPointer { p in vsnprintf(p.baseAddress, 512, format, va) }
    }
    guard n > 0 else { return "" }
    let bytes = buf.prefix(Int(min(n, 511))).map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

/// The shortest round-tripping digits of a finite positive double and the decimal exponent
/// of its first digit (d = 0.digits × 10^(exp+1)).
func shortestDigits(_ d: Double) -> (digits: [UInt8], exponent: Int) {
    let text = d.description
    var mantissa = Substring(text)
    var exp = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = text[..<e]
        exp = Int(text[text.index(after: e)...]) ?? 0
    }
    var digits: [UInt8] = []
    var intCount = 0
    var seenDot = false
    for c in mantissa.utf8 {
        if c == UInt8(ascii: ".") {
            seenDot = true
            continue
        }
        guard c >= 0x30 && c <= 0x39 else { continue }
        digits.append(c - 0x30)
        if !seenDot { intCount += 1 }
    }
    var firstExp = intCount - 1 + exp
    while digits.count > 1 && digits[0] == 0 {
        digits.removeFirst()
        firstExp -= 1
    }
    while digits.count > 1 && digits[digits.count - 1] == 0 { digits.removeLast() }
    return (digits, firstExp)
}

/// JavaScript's `Number.prototype.toString()` for a double.
func numberToString(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
    if d == 0 { return "0" }
    if d == d.rounded(), abs(d) < 9.0e15 { return String(Int64(d)) }
    let (digits, exp) = shortestDigits(abs(d))
    let k = digits.count
    let n = exp + 1
    var s = d < 0 ? "-" : ""
    func ds(_ r: Range<Int>) -> String { String(decoding: digits[r].map { $0 + 0x30 }, as: UTF8.self) }
    if k <= n && n <= 21 {
        s += ds(0..<k) + String(repeating: "0", count: n - k)
    } else if 0 < n && n <= 21 {
        s += ds(0..<n) + "." + ds(n..<k)
    } else if -6 < n && n <= 0 {
        s += "0." + String(repeating: "0", count: -n) + ds(0..<k)
    } else {
        let e = n - 1
        s += ds(0..<1)
        if k > 1 { s += "." + ds(1..<k) }
        s += "e" + (e < 0 ? "-" : "+") + String(abs(e))
    }
    return s
}

/// `Number(x.toPrecision(15))`: the value rounded to 15 significant digits.
func roundTo15(_ d: Double) -> Double {
    guard d.isFinite, d != 0 else { return d }
    return Double(cFormat("%.14e", d)) ?? d
}

/// JavaScript's `toFixed(dp)` on a non-negative value (the caller handles the sign).
func toFixed(_ d: Double, _ dp: Int) -> String {
    if abs(d) >= 1e21 { return numberToString(d) }
    return cFormat("%.\(max(0, min(dp, 100)))f", d)
}

/// JavaScript's `Math.round`: half-way cases round towards +∞.
@inline(__always) func jsRound(_ x: Double) -> Double {
    let f = x.rounded(.down)
    return x - f >= 0.5 ? f + 1 : f
}

/// JavaScript's `parseFloat` of a complete decimal literal.
func parseJSNumber(_ s: String) -> Double? { Double(s) }
