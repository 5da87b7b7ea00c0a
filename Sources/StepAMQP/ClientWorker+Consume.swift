extension ClientWorker {
    /// Subscribes a consumer on a channel of its own (so that its prefetch is its own). A closed channel
    /// (say, 404: no such queue) ends the consumer's stream with that error.
    func subscribe(_ id: Int, _ conn: AMQPConnection) throws {
        guard var consumer = consumers[id] else { return }
        let channel = try allocateChannel(conn)
        do {
            try conn.openChannel(channel)
            try conn.basicQos(prefetch: consumer.prefetch, channel: channel)
            consumer.tag = try conn.basicConsume(queue: consumer.queue, channel: channel)
        } catch let error as AMQPError where error.code == .channelClosed && error.channel == channel {
            consumers[id] = nil
            consumer.continuation.finish(throwing: error)
            return
        }
        consumer.channel = channel
        consumers[id] = consumer
        consumerByChannel[channel] = id
    }

    /// Hands a delivery to its consumer's stream.
    func dispatch(_ envelope: AMQPEnvelope) {
        guard let id = consumerByChannel[envelope.channel], let consumer = consumers[id] else { return }
        consumer.continuation.yield(AMQPDelivery(envelope, generation: generation, consumerID: id))
    }

    /// Ends a subscription: closing its channel requeues what it had not settled.
    func cancelConsumer(_ id: Int) {
        guard let consumer = consumers.removeValue(forKey: id) else { return }
        consumer.continuation.finish()
        guard consumer.channel != 0, let conn = connection else { return }
        consumerByChannel[consumer.channel] = nil
        do { try conn.closeChannel(consumer.channel) } catch { fail(error) }
    }

    /// Acknowledges, refuses or rejects a delivery, if it still belongs to a live channel.
    func settle(
        _ delivery: AMQPDelivery, _ how: ClientCommand.Settlement, _ continuation: CheckedContinuation<Void, any Error>
    ) {
        guard let conn = connection, delivery.generation == generation,
            let consumer = consumers[delivery.consumerID], consumer.channel == delivery.channel
        else {
            continuation.resume(
                throwing: AMQPError(
                    .staleDelivery,
                    "the delivery's connection or subscription has ended; the broker has requeued it",
                    context: "settle"))
            return
        }
        do {
            switch how {
            case .ack: try conn.basicAck(delivery.deliveryTag, channel: delivery.channel)
            case .nack(let requeue): try conn.basicNack(delivery.deliveryTag, requeue: requeue, channel: delivery.channel)
            case .reject(let requeue):
                try conn.basicReject(delivery.deliveryTag, requeue: requeue, channel: delivery.channel)
            }
            continuation.resume()
        } catch {
            continuation.resume(throwing: error)
            fail(error)
        }
    }
}
