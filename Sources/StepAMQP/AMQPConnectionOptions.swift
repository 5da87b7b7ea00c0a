/// Tuning for one connection: heartbeats, frame size, timeouts, TLS, and the name the broker shows for it.
public struct AMQPConnectionOptions: Sendable, Equatable {
    /// Seconds between heartbeats; the broker is given up after two missed ones. 0 turns heartbeats off.
    public var heartbeat: Int
    /// The largest frame to negotiate, in bytes (bigger bodies are split into several frames).
    public var frameMax: Int
    /// The most channels to negotiate; 0 takes the broker's limit.
    public var channelMax: Int
    /// How long the TCP (and TLS) connect and the AMQP handshake may take.
    public var connectTimeout: Duration
    /// How long a synchronous method (declare, bind, qos, consume, channel open...) may wait for its reply.
    public var rpcTimeout: Duration
    /// Shown by `rabbitmqctl list_connections client_properties` and the management UI.
    public var connectionName: String?
    /// Certificate checks for `amqps://` URLs (ignored for `amqp://`).
    public var tls: AMQPTLSOptions

    /// Makes options; the defaults are a 30 s heartbeat, 128 KiB frames, 10 s to connect, 30 s per method.
    public init(
        heartbeat: Int = 30, frameMax: Int = 131_072, channelMax: Int = 0,
        connectTimeout: Duration = .seconds(10), rpcTimeout: Duration = .seconds(30),
        connectionName: String? = nil, tls: AMQPTLSOptions = AMQPTLSOptions()
    ) {
        self.heartbeat = heartbeat
        self.frameMax = frameMax
        self.channelMax = channelMax
        self.connectTimeout = connectTimeout
        self.rpcTimeout = rpcTimeout
        self.connectionName = connectionName
        self.tls = tls
    }

    /// The defaults, overridden by the URL's query items: `heartbeat` (s), `frame_max`, `channel_max`,
    /// `connection_timeout` (ms), `connection_name`, `cacertfile`, `certfile`, `keyfile`,
    /// `verify` (`verify_peer` | `verify_none`), `server_name_indication` (`disable` skips the host name check).
    public init(url: AMQPURL) throws {
        self.init()
        func int(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = url.queryItems[key] else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw AMQPError(
                    .invalidURL, "query item \(key)=\(text) is not an integer in \(range)",
                    context: "parse AMQP URL")
            }
            return value
        }
        if let v = try int("heartbeat", 0...65535) { heartbeat = v }
        if let v = try int("frame_max", 4096...Int(Int32.max)) { frameMax = v }
        if let v = try int("channel_max", 0...65535) { channelMax = v }
        if let v = try int("connection_timeout", 1...86_400_000) { connectTimeout = .milliseconds(v) }
        if let v = url.queryItems["connection_name"] { connectionName = v }
        if let v = url.queryItems["cacertfile"] { tls.caCertificatePath = v }
        if let v = url.queryItems["certfile"] { tls.clientCertificatePath = v }
        if let v = url.queryItems["keyfile"] { tls.clientKeyPath = v }
        switch url.queryItems["verify"] {
        case nil, "verify_peer": break
        case "verify_none":
            tls.verifyPeer = false
            tls.verifyHostname = false
        case let other?:
            throw AMQPError(
                .invalidURL, "query item verify=\(other) (expected verify_peer or verify_none)",
                context: "parse AMQP URL")
        }
        if url.queryItems["server_name_indication"] == "disable" { tls.verifyHostname = false }
    }
}
