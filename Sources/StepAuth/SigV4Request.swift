/// What SigV4 verification needs of an HTTP request, exactly as it arrived: the path and query still
/// percent-encoded, every header, and the whole body.
public struct SigV4Request: Sendable {
    public var method: String
    /// The path as sent, percent-encoded (`/2015-03-31/functions/f%3A1/invocations`).
    public var path: String
    /// The query string as sent, without `?`.
    public var query: String
    /// Header names in any case; a name given twice keeps both values, in order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, path: String, query: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The values of a header, joined by commas as SigV4's canonical headers join them.
    public func header(_ name: String) -> String? {
        var found: String?
        for field in headers where Self.sameName(field.name, name) {
            let value = SigV4.trimmed(field.value)
            found = found.map { $0 + "," + value } ?? value
        }
        return found
    }

    /// Whether two header names are equal ignoring ASCII case (without making lower-cased copies).
    public static func sameName(_ a: String, _ b: String) -> Bool {
        let x = a.utf8
        let y = b.utf8
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where p != q {
            // Letters differ by 0x20 between cases.
            guard p | 0x20 == q | 0x20, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(p | 0x20) else { return false }
        }
        return true
    }

    /// The query's parameters, percent-decoded, in order.
    public var queryItems: [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = SigV4.percentDecoded(String(pair[0]))
            let value = pair.count > 1 ? SigV4.percentDecoded(String(pair[1])) : ""
            return (name, value)
        }
    }
}
