import StepJSON

/// One request header; names compare without regard to case.
struct HttpHeader: Sendable, Equatable {
    var name: String
    var value: String

    init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Headers an HTTP Task's `Headers` may not set, as Step Functions reserves them (authorization comes
    /// from the connection; the rest belong to the transport).
    static let reserved: Set = [
        "a-im", "accept-charset", "accept-datetime", "accept-encoding", "authorization", "cache-control",
        "connection", "content-encoding", "content-md5", "date", "expect", "forwarded", "from", "host",
        "http2-settings", "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since",
        "max-forwards", "origin", "pragma", "proxy-authorization", "referer", "server", "te", "trailer",
        "transfer-encoding", "upgrade", "via", "warning",
    ]

    static func isReserved(_ name: String) -> Bool {
        let lower = name.lowercased()
        return reserved.contains(lower) || lower.hasPrefix("x-amz-") || lower.hasPrefix("x-amzn-")
            || lower.hasPrefix("x-forwarded-")
    }

    /// A header value from JSON: scalars as text, an array of scalars joined with commas; `nil` otherwise.
    static func text(_ value: JSON) -> String? {
        switch value {
        case .null, .object: return nil
        case .array(let items):
            var parts: [String] = []
            for item in items {
                guard !item.isContainer, !item.isNull else { return nil }
                parts.append(FormEncoding.text(item))
            }
            return parts.joined(separator: ",")
        default: return FormEncoding.text(value)
        }
    }
}

extension Array where Element == HttpHeader {
    /// Sets `name` (replacing any header of that name, whatever its case).
    mutating func set(_ name: String, _ value: String) {
        let lower = name.lowercased()
        removeAll { $0.name.lowercased() == lower }
        append(HttpHeader(name, value))
    }

    func value(_ name: String) -> String? {
        let lower = name.lowercased()
        return first { $0.name.lowercased() == lower }?.value
    }
}
