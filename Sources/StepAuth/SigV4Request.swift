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
        let lower = name.lowercased()
        let values = headers.filter { $0.name.lowercased() == lower }.map { SigV4.trimmed($0.value) }
        return values.isEmpty ? nil : values.joined(separator: ",")
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
