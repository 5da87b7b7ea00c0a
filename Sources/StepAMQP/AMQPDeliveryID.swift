/// Identifies a delivery among all those of one ``AMQPClient``, for keeping unsettled deliveries in a map.
///
/// Delivery tags alone are not enough: each subscription has a channel of its own whose tags start at 1,
/// and every reconnection starts them again.
public struct AMQPDeliveryID: Hashable, Sendable, CustomStringConvertible {
    /// The connection generation the delivery arrived on.
    public var generation: Int
    /// The client's subscription (one per ``AMQPClient/consume(queue:prefetch:)`` call).
    public var subscription: Int
    /// The broker's delivery tag (per channel).
    public var deliveryTag: UInt64

    public var description: String { "\(generation)/\(subscription)/\(deliveryTag)" }
}
