import StepJSON

extension Intrinsics {
    /// `States.Format(template, values…)`: each `{}` in the template is replaced by the next value,
    /// printed as Java prints it (strings bare, `1.5`, `null`, `{a=1, b=[x, y]}`). `\{`, `\}`, `\'` and
    /// `\\` in the template stand for the character itself.
    static func format(_ args: [JSON]) throws(IntrinsicFailure) -> JSON {
        let template = try string(args[0], .format)
        let pieces = try formatPieces(template)
        let placeholders = pieces.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        guard placeholders == args.count - 1 else {
            throw IntrinsicFailure(
                detail: "Invalid arguments in States.Format: number of arguments do not match the occurrences of {}.")
        }
        var out = ""
        var next = 1
        for piece in pieces {
            if let literal = piece {
                out += literal
            } else {
                out += Java.string(args[next])
                next += 1
            }
        }
        return .string(out)
    }

    /// The template split into literal text (non-nil) and placeholders (nil).
    static func formatPieces(_ template: String) throws(IntrinsicFailure) -> [String?] {
        var pieces: [String?] = []
        var literal = ""
        let chars = Array(template)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, "{}'\\".contains(chars[i + 1]) {
                literal.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "{" {
                guard i + 1 < chars.count, chars[i + 1] == "}" else {
                    throw IntrinsicFailure(detail: "Invalid template in States.Format: matching '}' not found for '{'.")
                }
                pieces.append(literal)
                literal = ""
                pieces.append(nil)
                i += 2
                continue
            }
            if c == "}" {
                throw IntrinsicFailure(detail: "Invalid template in States.Format: matching '{' not found for '}'.")
            }
            literal.append(c)
            i += 1
        }
        pieces.append(literal)
        return pieces
    }

    /// `States.StringSplit(string, delimiters)`: splits at every character of `delimiters` and drops
    /// empty pieces, as Java's `StringTokenizer` does (`",a,,b,"` split on `","` gives `["a","b"]`).
    static func stringSplit(_ value: JSON, _ delimiterValue: JSON) throws(IntrinsicFailure) -> JSON {
        let text = try string(value, .stringSplit)
        let delimiters = Set(try string(delimiterValue, .stringSplit).unicodeScalars)
        var tokens: [JSON] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if delimiters.contains(scalar) {
                if !current.isEmpty { tokens.append(.string(String(current))) }
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { tokens.append(.string(String(current))) }
        return .array(tokens)
    }

    /// `States.Base64Encode(string)`: Base64 of the UTF-8 bytes; at most 10,000 characters in.
    static func base64Encode(_ value: JSON) throws(IntrinsicFailure) -> JSON {
        let text = try string(value, .base64Encode)
        guard text.utf16.count <= maximumInputLength else { throw .invalid(.base64Encode) }
        return .string(Base64.encode(Array(text.utf8)))
    }

    /// `States.Base64Decode(string)`: decodes leniently (characters outside the alphabet are skipped,
    /// decoding stops at `=`) and reads the bytes as UTF-8; at most 10,000 characters in.
    static func base64Decode(_ value: JSON) throws(IntrinsicFailure) -> JSON {
        let text = try string(value, .base64Decode)
        guard text.utf16.count <= maximumInputLength else { throw .invalid(.base64Decode) }
        return .string(String(decoding: Base64.decodeLeniently(text), as: UTF8.self))
    }
}

/// Base64 with the standard alphabet.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Padded standard Base64.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes the way Apache Commons Codec does by default: the standard and URL-safe alphabets
    /// are accepted, other characters ignored, `=` ends the data, and leftover bits are dropped.
    static func decodeLeniently(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") { break }
            guard let v = value(of: byte) else { continue }
            buffer = buffer << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                buffer &= (1 << UInt32(bits)) - 1
            }
        }
        return out
    }

    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): return 63
        default: return nil
        }
    }
}
