/// How an exchange routes: by exact routing key, to every bound queue, by pattern, or by headers.
public enum AMQPExchangeType: String, Sendable, Hashable {
    /// To the queues bound with exactly the message's routing key.
    case direct
    /// To every bound queue.
    case fanout
    /// To the queues whose binding pattern (`a.*.c`, `a.#`) matches the routing key.
    case topic
    /// By matching headers against binding arguments.
    case headers
}
