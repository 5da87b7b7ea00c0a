/// A message delivered to a consumer of an ``AMQPClient``: settle it with ``AMQPClient/ack(_:)``,
/// ``AMQPClient/nack(_:requeue:)`` or ``AMQPClient/reject(_:requeue:)``.
///
/// A delivery belongs to the connection (and channel) it came on: once the client has reconnected, or the
/// consumer's stream has ended, settling it throws `staleDelivery` (the broker has put it back in its queue,
/// and will deliver it again with `redelivered` set).
public struct AMQPDelivery: Sendable, Equatable, Identifiable {
    /// The delivery tag: per channel, so two subscriptions of one client give the same tags (see ``id``).
    public var deliveryTag: UInt64
    /// The exchange it was published to (`""` for the default exchange).
    public var exchange: String
    /// The routing key it was published with.
    public var routingKey: String
    /// Whether it was delivered before and not acknowledged.
    public var redelivered: Bool
    /// The body bytes.
    public var body: [UInt8]
    /// The content header (headers, message id, content type, ...).
    public var properties: AMQPProperties
    /// The consumer tag the broker gave the subscription.
    public var consumerTag: String
    /// The client's connection generation it arrived on (1 for the first connection, +1 per reconnect).
    public var generation: Int
    /// Unique among this client's deliveries (use it, not `deliveryTag`, to key unsettled deliveries).
    public var id: AMQPDeliveryID {
        AMQPDeliveryID(generation: generation, subscription: consumerID, deliveryTag: deliveryTag)
    }
    /// The channel it arrived on.
    var channel: UInt16
    /// The client's subscription it belongs to.
    var consumerID: Int

    init(_ envelope: AMQPEnvelope, generation: Int, consumerID: Int) {
        deliveryTag = envelope.deliveryTag
        exchange = envelope.exchange
        routingKey = envelope.routingKey
        redelivered = envelope.redelivered
        body = envelope.body
        properties = envelope.properties
        consumerTag = envelope.consumerTag
        self.generation = generation
        channel = envelope.channel
        self.consumerID = consumerID
    }
}
