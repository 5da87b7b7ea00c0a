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
            inbox.subscriptionEnded(id)
            consumer.continuation.finish(throwing: error)
            return
        }
        consumer.channel = channel
        consumer.window = AckWindow()
        consumers[id] = consumer
        consumerByChannel[channel] = id
        inbox.subscriptionStarted(id)
    }

    /// Hands a delivery to its consumer's stream.
    func dispatch(_ envelope: AMQPEnvelope) {
        guard let id = consumerByChannel[envelope.channel], consumers[id] != nil else { return }
        consumers[id]?.window.delivered(envelope.deliveryTag)
        consumers[id]?.continuation.yield(AMQPDelivery(envelope, generation: generation, consumerID: id))
    }

    /// Ends a subscription: closing its channel requeues what it had not settled.
    func cancelConsumer(_ id: Int) {
        guard consumers[id] != nil else { return }
        // Acknowledgements queued in this batch of commands go out before the channel closes.
        flushAcks(of: id)
        guard let consumer = consumers.removeValue(forKey: id) else { return }
        inbox.subscriptionEnded(id)
        consumer.continuation.finish()
        guard consumer.channel != 0, let conn = connection else { return }
        consumerByChannel[consumer.channel] = nil
        do { try conn.closeChannel(consumer.channel) } catch { fail(error) }
    }

    /// Acknowledges (queued, see ``flushAcks()``), refuses or rejects a delivery, if it still belongs to a live
    /// channel (else the broker has requeued it already: nothing to do) and was not settled before.
    func settle(_ delivery: AMQPDelivery, _ how: ClientCommand.Settlement) {
        let id = delivery.consumerID
        guard let conn = connection, delivery.generation == generation, let consumer = consumers[id],
            consumer.channel == delivery.channel
        else { return }
        let tag = delivery.deliveryTag
        do {
            switch how {
            case .ack:
                if consumers[id]?.window.queueAck(tag) == true { acksToFlush.insert(id) }
            case .nack(let requeue):
                guard consumers[id]?.window.settleNow(tag) == true else { return }
                try conn.basicNack(tag, requeue: requeue, channel: consumer.channel)
            case .reject(let requeue):
                guard consumers[id]?.window.settleNow(tag) == true else { return }
                try conn.basicReject(tag, requeue: requeue, channel: consumer.channel)
            }
        } catch {
            fail(error)
        }
    }

    /// Sends the acknowledgements queued by the last batch of commands, coalesced per channel.
    func flushAcks() {
        guard !acksToFlush.isEmpty else { return }
        for id in acksToFlush { flushAcks(of: id) }
        acksToFlush.removeAll(keepingCapacity: true)
    }

    /// Sends one subscription's queued acknowledgements.
    func flushAcks(of id: Int) {
        guard let conn = connection, let channel = consumers[id]?.channel, channel != 0,
            consumers[id]?.window.hasQueued == true, let frames = consumers[id]?.window.flush()
        else { return }
        do {
            for frame in frames { try conn.basicAck(frame.tag, multiple: frame.multiple, channel: channel) }
        } catch {
            fail(error)
        }
    }
}
