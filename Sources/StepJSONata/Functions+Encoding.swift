private let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

/// `Buffer.from(str, 'binary').toString('base64')`: each UTF-16 unit taken as a Latin-1 byte.
func base64Encode(_ s: String) -> String {
    let bytes = s.utf16.map { UInt8(truncatingIfNeeded: $0) }
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var i = 0
    while i < bytes.count {
        let b0 = UInt32(bytes[i])
        let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
        let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
        let n = (b0 << 16) | (b1 << 8) | b2
        out.append(base64Alphabet[Int((n >> 18) & 63)])
        out.append(base64Alphabet[Int((n >> 12) & 63)])
        out.append(i + 1 < bytes.count ? base64Alphabet[Int((n >> 6) & 63)] : UInt8(ascii: "="))
        out.append(i + 2 < bytes.count ? base64Alphabet[Int(n & 63)] : UInt8(ascii: "="))
        i += 3
    }
    return String(decoding: out, as: UTF8.self)
}

/// `Buffer.from(str, 'base64').toString('binary')`: decoded bytes as Latin-1 characters.
func base64Decode(_ s: String) -> String {
    var values: [UInt32] = []
    for c in s.utf8 {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(UInt32(c - 65))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(UInt32(c - 97 + 26))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(UInt32(c - 48 + 52))
        case UInt8(ascii: "+"), UInt8(ascii: "-"): values.append(62)
        case UInt8(ascii: "/"), UInt8(ascii: "_"): values.append(63)
        case UInt8(ascii: "="): break
        default: continue
        }
        if c == UInt8(ascii: "=") { break }
    }
    var bytes: [UInt16] = []
    var i = 0
    while i + 1 < values.count {
        let n =
            (values[i] << 18) | (values[i + 1] << 12)
            | (i + 2 < values.count ? values[i + 2] << 6 : 0) | (i + 3 < values.count ? values[i + 3] : 0)
        bytes.append(UInt16((n >> 16) & 255))
        if i + 2 < values.count { bytes.append(UInt16((n >> 8) & 255)) }
        if i + 3 < values.count { bytes.append(UInt16(n & 255)) }
        i += 4
    }
    return String(decoding: bytes, as: UTF16.self)
}

private let uriUnreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()".utf16)
private let uriReserved = Set(";/?:@&=+$,#".utf16)

/// `encodeURIComponent` / `encodeURI`; nil for a lone surrogate (a URIError).
func uriEncode(_ s: String, keepReserved: Bool) -> String? {
    let units = Array(s.utf16)
    var out = ""
    var i = 0
    func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "%" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 15)])
    }
    while i < units.count {
        let u = units[i]
        if uriUnreserved.contains(u) || (keepReserved && uriReserved.contains(u)) {
            out.unicodeScalars.append(Unicode.Scalar(UInt8(u)))
            i += 1
            continue
        }
        var cp: UInt32
        if u >= 0xD800 && u <= 0xDBFF {
            guard i + 1 < units.count, units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF else { return nil }
            cp = 0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(units[i + 1]) - 0xDC00)
            i += 2
        } else if u >= 0xDC00 && u <= 0xDFFF {
            return nil
        } else {
            cp = UInt32(u)
            i += 1
        }
        guard let scalar = Unicode.Scalar(cp) else { return nil }
        for b in String(Character(scalar)).utf8 { out += hex(b) }
    }
    return out
}

/// `decodeURIComponent` / `decodeURI`; nil for malformed escapes (a URIError).
func uriDecode(_ s: String, keepReserved: Bool) -> String? {
    let units = Array(s.utf16)
    var out: [UInt16] = []
    var i = 0
    func byte(at k: Int) -> UInt8? {
        guard k + 2 < units.count,
            units[k] == 0x25, let h = hexValue(units[k + 1]), let l = hexValue(units[k + 2])
        else { return nil }
        return UInt8(h * 16 + l)
    }
    while i < units.count {
        let u = units[i]
        if u != 0x25 {
            out.append(u)
            i += 1
            continue
        }
        guard let b0 = byte(at: i) else { return nil }
        if b0 < 0x80 {
            if keepReserved && uriReserved.contains(UInt16(b0)) {
                out.append(contentsOf: units[i..<(i + 3)])
            } else {
                out.append(UInt16(b0))
            }
            i += 3
            continue
        }
        let n: Int
        if b0 & 0xE0 == 0xC0 {
            n = 2
        } else if b0 & 0xF0 == 0xE0 {
            n = 3
        } else if b0 & 0xF8 == 0xF0 {
            n = 4
        } else {
            return nil
        }
        var bytes = [b0]
        var k = i + 3
        for _ in 1..<n {
            guard let b = byte(at: k), b & 0xC0 == 0x80 else { return nil }
            bytes.append(b)
            k += 3
        }
        var decoder = UTF8()
        var it = bytes.makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&it) else { return nil }
        out.append(contentsOf: String(Character(scalar)).utf16)
        i = k
    }
    return String(decoding: out, as: UTF16.self)
}
