internal import CRabbitMQ

extension AMQPConnection {
    /// Declares an exchange (creates it, or checks that the existing one matches: else 406 `channelClosed`).
    public func exchangeDeclare(
        _ name: String, type: AMQPExchangeType, durable: Bool = true, autoDelete: Bool = false,
        arguments: [String: AMQPFieldValue] = [:], channel: UInt16 = 1
    ) throws {
        try ensureOpen("exchange.declare")
        let arena = CArena()
        amqp_exchange_declare(
            state, channel, try arena.shortString(name, "exchange name"), arena.bytes(type.rawValue), 0,
            durable ? 1 : 0, autoDelete ? 1 : 0, 0, try arena.table(arguments))
        try checkRPC("exchange.declare '\(name)'", channel: channel)
    }

    /// Declares an exchange from its description.
    public func exchangeDeclare(_ exchange: AMQPExchange, channel: UInt16 = 1) throws {
        try exchangeDeclare(
            exchange.name, type: exchange.type, durable: exchange.durable, autoDelete: exchange.autoDelete,
            arguments: exchange.arguments, channel: channel)
    }

    /// Deletes an exchange.
    public func exchangeDelete(_ name: String, channel: UInt16 = 1) throws {
        try ensureOpen("exchange.delete")
        let arena = CArena()
        amqp_exchange_delete(state, channel, try arena.shortString(name, "exchange name"), 0)
        try checkRPC("exchange.delete '\(name)'", channel: channel)
    }

    /// Declares a queue (creates it, or checks that the existing one matches: else 406 `channelClosed`).
    /// An empty name asks the broker for a fresh one, returned in the status.
    @discardableResult
    public func queueDeclare(
        _ name: String, durable: Bool = true, exclusive: Bool = false, autoDelete: Bool = false,
        arguments: [String: AMQPFieldValue] = [:], channel: UInt16 = 1
    ) throws -> AMQPQueueStatus {
        try ensureOpen("queue.declare")
        let arena = CArena()
        let ok = amqp_queue_declare(
            state, channel, try arena.shortString(name, "queue name"), 0, durable ? 1 : 0, exclusive ? 1 : 0,
            autoDelete ? 1 : 0, try arena.table(arguments))
        try checkRPC("queue.declare '\(name)'", channel: channel)
        guard let ok else { return AMQPQueueStatus(name: name, messageCount: 0, consumerCount: 0) }
        return AMQPQueueStatus(
            name: CDecode.string(ok.pointee.queue), messageCount: ok.pointee.message_count,
            consumerCount: ok.pointee.consumer_count)
    }

    /// Declares a queue from its description.
    @discardableResult
    public func queueDeclare(_ queue: AMQPQueue, channel: UInt16 = 1) throws -> AMQPQueueStatus {
        try queueDeclare(
            queue.name, durable: queue.durable, exclusive: queue.exclusive, autoDelete: queue.autoDelete,
            arguments: queue.arguments, channel: channel)
    }

    /// Binds a queue to an exchange.
    public func queueBind(
        queue: String, exchange: String, routingKey: String = "", arguments: [String: AMQPFieldValue] = [:],
        channel: UInt16 = 1
    ) throws {
        try ensureOpen("queue.bind")
        let arena = CArena()
        amqp_queue_bind(
            state, channel, try arena.shortString(queue, "queue name"), try arena.shortString(exchange, "exchange name"),
            try arena.shortString(routingKey, "routing key"), try arena.table(arguments))
        try checkRPC("queue.bind '\(queue)' to '\(exchange)' with '\(routingKey)'", channel: channel)
    }

    /// Binds a queue to an exchange from the binding's description.
    public func queueBind(_ binding: AMQPBinding, channel: UInt16 = 1) throws {
        try queueBind(
            queue: binding.queue, exchange: binding.exchange, routingKey: binding.routingKey,
            arguments: binding.arguments, channel: channel)
    }

    /// Deletes a queue and its messages; returns how many messages it held.
    @discardableResult
    public func queueDelete(_ name: String, channel: UInt16 = 1) throws -> UInt32 {
        try ensureOpen("queue.delete")
        let arena = CArena()
        let ok = amqp_queue_delete(state, channel, try arena.shortString(name, "queue name"), 0, 0)
        try checkRPC("queue.delete '\(name)'", channel: channel)
        return ok?.pointee.message_count ?? 0
    }

    /// Removes a queue's ready messages; returns how many.
    @discardableResult
    public func queuePurge(_ name: String, channel: UInt16 = 1) throws -> UInt32 {
        try ensureOpen("queue.purge")
        let arena = CArena()
        let ok = amqp_queue_purge(state, channel, try arena.shortString(name, "queue name"))
        try checkRPC("queue.purge '\(name)'", channel: channel)
        return ok?.pointee.message_count ?? 0
    }

    /// Declares a whole topology: exchanges, then queues, then bindings.
    public func declare(_ topology: AMQPTopology, channel: UInt16 = 1) throws {
        for exchange in topology.exchanges { try exchangeDeclare(exchange, channel: channel) }
        for queue in topology.queues { try queueDeclare(queue, channel: channel) }
        for binding in topology.bindings { try queueBind(binding, channel: channel) }
    }

    /// Limits how many unacknowledged deliveries each consumer on the channel holds (`global` false), or the
    /// channel as a whole (`global` true). 0 means no limit.
    public func basicQos(prefetch: UInt16, global: Bool = false, channel: UInt16 = 1) throws {
        try ensureOpen("basic.qos")
        amqp_basic_qos(state, channel, 0, prefetch, global ? 1 : 0)
        try checkRPC("basic.qos \(prefetch)", channel: channel)
    }
}
