/// A binding to declare: messages the exchange routes with `routingKey` go to the queue.
public struct AMQPBinding: Sendable, Hashable {
    /// The queue.
    public var queue: String
    /// The exchange.
    public var exchange: String
    /// The routing key (a pattern for topic exchanges; ignored by fanout exchanges).
    public var routingKey: String
    /// Optional arguments (header matching for headers exchanges).
    public var arguments: [String: AMQPFieldValue]

    /// Makes a binding.
    public init(queue: String, exchange: String, routingKey: String = "", arguments: [String: AMQPFieldValue] = [:]) {
        self.queue = queue
        self.exchange = exchange
        self.routingKey = routingKey
        self.arguments = arguments
    }
}
