/// A queue to declare.
public struct AMQPQueue: Sendable, Hashable {
    /// The name (never empty here: server-named queues do not survive a reconnect).
    public var name: String
    /// Survives a broker restart (with persistent messages, so do its messages).
    public var durable: Bool
    /// Only this connection may use it; deleted when the connection closes.
    public var exclusive: Bool
    /// Deleted when its last consumer goes.
    public var autoDelete: Bool
    /// Optional arguments: `x-dead-letter-exchange`, `x-dead-letter-routing-key`, `x-queue-type`
    /// (`classic`, `quorum`), `x-message-ttl`, `x-max-length`, ...
    public var arguments: [String: AMQPFieldValue]

    /// Makes a durable queue declaration unless told otherwise.
    public init(
        _ name: String, durable: Bool = true, exclusive: Bool = false, autoDelete: Bool = false,
        arguments: [String: AMQPFieldValue] = [:]
    ) {
        self.name = name
        self.durable = durable
        self.exclusive = exclusive
        self.autoDelete = autoDelete
        self.arguments = arguments
    }

    /// Makes a durable queue with the common arguments: where rejected or expired messages go
    /// (`x-dead-letter-exchange`, `x-dead-letter-routing-key`; `nil` for none) and the queue type
    /// (`classic`, `quorum`).
    public init(
        _ name: String, deadLetterExchange: String?, deadLetterRoutingKey: String? = nil,
        queueType: String? = nil, arguments: [String: AMQPFieldValue] = [:]
    ) {
        var args = arguments
        if let deadLetterExchange { args["x-dead-letter-exchange"] = .string(deadLetterExchange) }
        if let deadLetterRoutingKey { args["x-dead-letter-routing-key"] = .string(deadLetterRoutingKey) }
        if let queueType { args["x-queue-type"] = .string(queueType) }
        self.init(name, durable: true, arguments: args)
    }
}
