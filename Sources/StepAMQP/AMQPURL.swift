/// Where and how to reach a broker: `amqp://user:pass@host:port/vhost?heartbeat=30` or `amqps://…`.
///
/// Follows RabbitMQ's URI specification: user, password, host and vhost are percent-decoded (a vhost holding
/// a slash is written `%2F`), the port defaults to 5672 (`amqp`) or 5671 (`amqps`), user and password to
/// `guest`, the host to `localhost`; a missing or empty vhost means `/`. IPv6 hosts go in brackets:
/// `amqp://[::1]:5672`. Query items are kept (decoded) in `queryItems`; ``AMQPConnectionOptions/init(url:)``
/// reads the ones it knows.
public struct AMQPURL: Sendable, Equatable, CustomStringConvertible {
    /// `amqps`: connect with TLS.
    public var tls: Bool
    /// The host name or address (without IPv6 brackets).
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The user name.
    public var user: String
    /// The password.
    public var password: String
    /// The virtual host.
    public var vhost: String
    /// The decoded query items (`heartbeat`, `frame_max`, `connection_timeout`, `cacertfile`, `verify`, ...).
    public var queryItems: [String: String]

    /// Makes a URL from its parts.
    public init(
        host: String = "localhost", port: Int? = nil, user: String = "guest", password: String = "guest",
        vhost: String = "/", tls: Bool = false, queryItems: [String: String] = [:]
    ) {
        self.tls = tls
        self.host = host
        self.port = port ?? (tls ? 5671 : 5672)
        self.user = user
        self.password = password
        self.vhost = vhost
        self.queryItems = queryItems
    }

    /// Parses `amqp://user:pass@host:port/vhost?query` or `amqps://…`; throws `invalidURL` with the reason.
    public init(_ string: String) throws {
        func fail(_ why: String) -> AMQPError {
            AMQPError(.invalidURL, why, context: "parse AMQP URL")
        }
        let parts = string.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw fail("no scheme (expected amqp:// or amqps://)") }
        switch parts[0].lowercased() {
        case "amqp": tls = false
        case "amqps": tls = true
        default: throw fail("unsupported scheme '\(parts[0])' (expected amqp or amqps)")
        }
        var rest = parts[1]
        var query = Substring("")
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        var path: Substring? = nil
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var hostPort = rest
        user = "guest"
        password = "guest"
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            hostPort = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.decode(userInfo[..<colon], what: "user")
                password = try Self.decode(userInfo[userInfo.index(after: colon)...], what: "password")
            } else {
                user = try Self.decode(userInfo, what: "user")
            }
        }
        var portText: Substring? = nil
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw fail("unterminated IPv6 address") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("unexpected text after IPv6 address: '\(after)'") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = try Self.decode(hostPort[..<colon], what: "host")
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = try Self.decode(hostPort, what: "host")
        }
        if host.isEmpty { host = "localhost" }
        if let portText, !portText.isEmpty {
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let p = Int(portText), (1...65535).contains(p)
            else { throw fail("invalid port '\(portText)'") }
            port = p
        } else {
            port = tls ? 5671 : 5672
        }
        if let path, !path.isEmpty {
            guard !path.contains("/") else { throw fail("the vhost must be one path segment (write '/' as %2F)") }
            vhost = try Self.decode(path, what: "vhost")
        } else {
            vhost = "/"
        }
        queryItems = [:]
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.decode(parts[0], what: "query key")
            queryItems[key] = parts.count > 1 ? try Self.decode(parts[1], what: "query value '\(key)'") : ""
        }
    }

    /// The URL with the password masked, for logs.
    public var description: String {
        let scheme = tls ? "amqps" : "amqp"
        let hostText = host.contains(":") ? "[\(host)]" : host
        let vhostText = vhost == "/" ? "" : vhost.split(separator: "/", omittingEmptySubsequences: false).joined(separator: "%2F")
        return "\(scheme)://\(user):***@\(hostText):\(port)/\(vhostText)"
    }

    /// Percent-decodes one component; the result must be UTF-8.
    static func decode(_ text: Substring, what: String) throws -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var it = text.utf8.makeIterator()
        while let b = it.next() {
            guard b == UInt8(ascii: "%") else {
                bytes.append(b)
                continue
            }
            guard let h = it.next(), let l = it.next(), let hv = hexValue(h), let lv = hexValue(l) else {
                throw AMQPError(.invalidURL, "bad percent escape in \(what)", context: "parse AMQP URL")
            }
            bytes.append(hv << 4 | lv)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw AMQPError(.invalidURL, "\(what) is not UTF-8 once decoded", context: "parse AMQP URL")
        }
        return decoded
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
