import StepJSON

/// `application/x-www-form-urlencoded` text from a JSON object, as the HTTP Task encodes a request body
/// with `RequestBodyEncoding: URL_ENCODED` (and, here, `QueryParameters`): nested objects become
/// `outer[inner]=v`, arrays follow the `ArrayFormat`, strings are sent as they are, other scalars as JSON
/// writes them (`1`, `2.5`, `true`), `null` as an empty value. Names and values are percent-encoded
/// (everything but RFC 3986's unreserved characters), so brackets travel as `%5B` and `%5D`.
enum FormEncoding {
    /// `k=v&k2=v2`, in the object's order.
    static func encode(_ object: JSONObject, arrayFormat: ArrayFormat) -> String {
        var items: [String] = []
        for (key, value) in object { append(key, value, arrayFormat, &items) }
        return items.joined(separator: "&")
    }

    static func append(_ key: String, _ value: JSON, _ format: ArrayFormat, _ items: inout [String]) {
        switch value {
        case .object(let o):
            for (k, v) in o { append("\(key)[\(k)]", v, format, &items) }
        case .array(let elements):
            switch format {
            case .indices:
                for (i, v) in elements.enumerated() { append("\(key)[\(i)]", v, format, &items) }
            case .brackets:
                for v in elements { append("\(key)[]", v, format, &items) }
            case .repeat:
                for v in elements { append(key, v, format, &items) }
            case .commas:
                // Scalars join into one value; nested arrays and objects cannot, so they keep their indices.
                let scalars = elements.filter { !$0.isContainer }
                if !scalars.isEmpty {
                    items.append(
                        percentEncoded(key) + "=" + scalars.map { percentEncoded(text($0)) }.joined(separator: ","))
                }
                for (i, v) in elements.enumerated() where v.isContainer { append("\(key)[\(i)]", v, format, &items) }
            }
        default:
            items.append(percentEncoded(key) + "=" + percentEncoded(text(value)))
        }
    }

    /// A scalar as it is sent: strings as they are, `null` as nothing, numbers and booleans as JSON writes them.
    static func text(_ value: JSON) -> String {
        switch value {
        case .string(let s): return s
        case .null: return ""
        default: return value.serialized()
        }
    }

    /// Percent-encodes all but `A-Z a-z 0-9 - . _ ~`, byte by byte in UTF-8.
    static func percentEncoded(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}

extension JSON {
    var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }
}
