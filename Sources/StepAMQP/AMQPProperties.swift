/// A message's basic properties (the AMQP content header): what is `nil` is not sent.
public struct AMQPProperties: Sendable, Equatable {
    /// MIME type of the body, e.g. `application/json`.
    public var contentType: String?
    /// Encoding of the body, e.g. `gzip`.
    public var contentEncoding: String?
    /// Application headers (e.g. `x-stepline-reason`); dead-lettering adds `x-death` and `x-first-death-*`.
    public var headers: [String: AMQPFieldValue]
    /// Delivery mode 2 (`true`: written to disk by a durable queue) or 1 (`false`); `nil` when not set.
    public var persistent: Bool?
    /// Priority 0–9 (only priority queues use it).
    public var priority: UInt8?
    /// Correlates a reply with its request.
    public var correlationID: String?
    /// The queue to reply to.
    public var replyTo: String?
    /// Per-message TTL in milliseconds, as a decimal string.
    public var expiration: String?
    /// The application's message id.
    public var messageID: String?
    /// Seconds since the Unix epoch.
    public var timestamp: UInt64?
    /// The application's message type name.
    public var type: String?
    /// The user that published (the broker checks it against the connection's user).
    public var userID: String?
    /// The publishing application.
    public var appID: String?

    /// Makes properties; everything unset unless given.
    public init(
        contentType: String? = nil, contentEncoding: String? = nil, headers: [String: AMQPFieldValue] = [:],
        persistent: Bool? = nil, priority: UInt8? = nil, correlationID: String? = nil, replyTo: String? = nil,
        expiration: String? = nil, messageID: String? = nil, timestamp: UInt64? = nil, type: String? = nil,
        userID: String? = nil, appID: String? = nil
    ) {
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.headers = headers
        self.persistent = persistent
        self.priority = priority
        self.correlationID = correlationID
        self.replyTo = replyTo
        self.expiration = expiration
        self.messageID = messageID
        self.timestamp = timestamp
        self.type = type
        self.userID = userID
        self.appID = appID
    }

    /// A string header, or `nil` when it is absent or not a string.
    public func header(_ name: String) -> String? { headers[name]?.stringValue }
}
