/// A message the broker delivered to a consumer of an ``AMQPConnection`` (`basic.deliver`).
public struct AMQPEnvelope: Sendable, Equatable {
    /// The channel it came on; acknowledge it on the same channel.
    public var channel: UInt16
    /// The consumer it was delivered to.
    public var consumerTag: String
    /// The delivery tag, for `basicAck`, `basicNack`, `basicReject` (per channel).
    public var deliveryTag: UInt64
    /// The exchange it was published to (`""` for the default exchange).
    public var exchange: String
    /// The routing key it was published with.
    public var routingKey: String
    /// Whether it was delivered before and not acknowledged (requeued, or its consumer went away).
    public var redelivered: Bool
    /// The body bytes.
    public var body: [UInt8]
    /// The content header.
    public var properties: AMQPProperties

    /// Makes an envelope (the connection makes them; tests may too).
    public init(
        channel: UInt16, consumerTag: String, deliveryTag: UInt64, exchange: String, routingKey: String,
        redelivered: Bool, body: [UInt8], properties: AMQPProperties
    ) {
        self.channel = channel
        self.consumerTag = consumerTag
        self.deliveryTag = deliveryTag
        self.exchange = exchange
        self.routingKey = routingKey
        self.redelivered = redelivered
        self.body = body
        self.properties = properties
    }
}
