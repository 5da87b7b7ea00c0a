extension JSON {
    /// Serialises the value compactly (`{"a":1}`), escaping as AWS's serialiser does.
    public func serialized() -> String {
        var out = ""
        out.reserveCapacity(64)
        write(to: &out, pretty: false, indent: 0)
        return out
    }

    /// Serialises the value with two-space indentation.
    public func prettySerialized() -> String {
        var out = ""
        write(to: &out, pretty: true, indent: 0)
        return out
    }

    /// Appends the serialisation to `out`.
    ///
    /// The containers being written are kept on a heap stack, not the thread's, so any value can be written.
    public func write(to out: inout String, pretty: Bool = false, indent: Int = 0) {
        var open: [OpenContainer] = []
        var value = self
        while true {
            switch value {
            case .null: out += "null"
            case .bool(let b): out += b ? "true" : "false"
            case .int(let i): out += String(i)
            case .double(let d):
                if d.isFinite {
                    out += JSON.formatDouble(d)
                } else {
                    // Jackson writes NaN and infinities as strings; bare tokens would not be JSON.
                    out += "\"" + JSON.formatDouble(d) + "\""
                }
            case .string(let s): JSON.writeEscaped(s, to: &out)
            case .array(let a):
                if a.isEmpty {
                    out += "[]"
                } else {
                    out += "["
                    open.append(.array(a, next: 0))
                }
            case .object(let o):
                if o.isEmpty {
                    out += "{}"
                } else {
                    out += "{"
                    open.append(.object(o, next: 0))
                }
            }
            // The next value to write, after closing every container that has no members left.
            guard let next = JSON.nextMember(&open, &out, pretty: pretty, indent: indent) else { return }
            value = next
        }
    }

    /// A container being written and the position of its next member.
    private enum OpenContainer {
        case array([JSON], next: Int)
        case object(JSONObject, next: Int)
    }

    /// Writes what comes before the next member of the innermost open container (a comma, the key) and returns
    /// the member; closes the containers that are done on the way. `nil` when every container is closed.
    private static func nextMember(
        _ open: inout [OpenContainer], _ out: inout String, pretty: Bool, indent: Int
    ) -> JSON? {
        while let container = open.popLast() {
            let memberIndent = indent + 2 * (open.count + 1)
            switch container {
            case .array(let a, let i):
                if i < a.count {
                    if i > 0 { out += "," }
                    if pretty { newline(&out, memberIndent) }
                    open.append(.array(a, next: i + 1))
                    return a[i]
                }
                if pretty { newline(&out, indent + 2 * open.count) }
                out += "]"
            case .object(let o, let i):
                if i < o.count {
                    if i > 0 { out += "," }
                    if pretty { newline(&out, memberIndent) }
                    writeEscaped(o.keys[i], to: &out)
                    out += pretty ? ": " : ":"
                    open.append(.object(o, next: i + 1))
                    return o.values[i]
                }
                if pretty { newline(&out, indent + 2 * open.count) }
                out += "}"
            }
        }
        return nil
    }

    private static func newline(_ out: inout String, _ n: Int) {
        out += "\n"
        out += String(repeating: " ", count: n)
    }

    /// Appends `s` as a quoted JSON string literal. Control characters without a short escape are written
    /// as `\u00XX`, in upper case as Jackson (and so AWS) writes them, or in lower case as JavaScript does.
    public static func writeEscaped(_ s: String, to out: inout String, uppercaseHex: Bool = true) {
        out += "\""
        var needsEscape = false
        for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16, uppercase: uppercaseHex)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Formats a double the way Java's `Double.toString` does (`1.0`, `1.5`, `1.0E20`, `1.0E-5`),
    /// which is how Step Functions prints non-integral numbers.
    public static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let (digits, exponent) = shortestDigits(abs(d))
        let sign = d < 0 ? "-" : ""
        let magnitude = abs(d)
        if magnitude >= 1e-3 && magnitude < 1e7 {
            // Plain notation: digits with the decimal point placed after `exponent + 1` digits.
            let pointAt = exponent + 1
            var s = sign
            if pointAt <= 0 {
                s += "0." + String(repeating: "0", count: -pointAt) + digits
            } else if pointAt >= digits.count {
                s += digits + String(repeating: "0", count: pointAt - digits.count) + ".0"
            } else {
                let i = digits.index(digits.startIndex, offsetBy: pointAt)
                s += digits[..<i] + "." + digits[i...]
            }
            return s
        }
        let first = digits.prefix(1)
        let rest = digits.dropFirst()
        return sign + first + "." + (rest.isEmpty ? "0" : rest) + "E" + String(exponent)
    }

    /// The shortest round-tripping decimal digits of a positive double and the exponent of the first digit.
    static func shortestDigits(_ d: Double) -> (String, Int) {
        // Swift's description is the shortest round-trip representation.
        let text = d.description
        var mantissa = Substring(text)
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp = Int(text[text.index(after: e)...]) ?? 0
        }
        var intPart = mantissa
        var fracPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        }
        var all = String(intPart) + String(fracPart)
        var firstExp = intPart.count - 1 + exp
        // Strip leading zeros (e.g. "0.001").
        while all.hasPrefix("0") && all.count > 1 {
            all.removeFirst()
            firstExp -= 1
        }
        while all.hasSuffix("0") && all.count > 1 { all.removeLast() }
        return (all, firstExp)
    }
}
