import StepJSON
extension Value {
    /// `JSON.stringify` as the reference's `$string` calls it: non-integral numbers rounded to
    /// 15 significant digits, functions as `""`, undefined members left out.
    func stringified(pretty: Bool) -> String {
        (try? stringifiedChecked(pretty: pretty, limit: StackGuard.lowLimit())) ?? "null"
    }

    /// As `stringified`, throwing `U1001` instead of overflowing the stack on absurd nesting.
    func stringifiedChecked(pretty: Bool, limit: UInt) throws(JSONataError) -> String {
        var out = ""
        try write(to: &out, pretty: pretty, indent: 0, limit: limit)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int, limit: UInt) throws(JSONataError) {
        if stackPointer() < limit { throw stackOverflowError() }
        switch self {
        case .undefined: out += "null"
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d):
            if !d.isFinite {
                out += "null"
            } else if d == d.rounded() {
                out += numberToString(d)
            } else {
                out += numberToString(roundTo15(d))
            }
        case .string(let s): writeJSString(s, to: &out)
        case .function: out += "\"\""
        case .array, .jarray, .tuples:
            let items = arrayItems
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, v) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { newline(&out, indent + 2) }
                try v.write(to: &out, pretty: pretty, indent: indent + 2, limit: limit)
            }
            if pretty { newline(&out, indent) }
            out += "]"
        case .object, .jobject:
            var first = true
            out += "{"
            for (k, v) in objectEntries where !v.isUndefined {
                if !first { out += "," }
                first = false
                if pretty { newline(&out, indent + 2) }
                writeJSString(k, to: &out)
                out += pretty ? ": " : ":"
                try v.write(to: &out, pretty: pretty, indent: indent + 2, limit: limit)
            }
            if first {
                out += "}"
                return
            }
            if pretty { newline(&out, indent) }
            out += "}"
        }
    }

    private func newline(_ out: inout String, _ n: Int) {
        out += "\n"
        out += String(repeating: " ", count: n)
    }
}

/// Appends `s` quoted as `JSON.stringify` writes strings.
func writeJSString(_ s: String, to out: inout String) {
    JSON.writeEscaped(s, to: &out, uppercaseHex: false)
}

extension Evaluator {
    /// The reference's `fn.string` for a defined value.
    func stringify(_ v: Value, pretty: Bool = false) throws(JSONataError) -> String {
        switch v {
        case .string(let s): return s
        case .function: return ""
        case .number(let d) where !d.isFinite: throw jerr("D3001", value: v)
        case .array(let items, let f) where f.contains(.outerWrapper) && !items.isEmpty:
            try checkFinite(items[0])
            return try items[0].stringifiedChecked(pretty: pretty, limit: stackLimit)
        default:
            try checkFinite(v)
            return try v.stringifiedChecked(pretty: pretty, limit: stackLimit)
        }
    }

    /// The reference's replacer rejects non-finite numbers nested in structures (D1001).
    func checkFinite(_ v: Value) throws(JSONataError) {
        switch v {
        case .number(let d) where !d.isFinite: throw jerr("D1001", value: v)
        case .array(let items, _):
            try checkStack()
            for item in items { try checkFinite(item) }
        case .object(let o):
            try checkStack()
            for item in o.values { try checkFinite(item) }
        default: break
        }
    }
}
