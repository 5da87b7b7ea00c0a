internal import CRabbitMQ

extension AMQPConnection {
    /// What one read from the connection gave.
    enum ReadResult {
        /// A delivery.
        case delivery(AMQPEnvelope)
        /// Some other frame, handled (a confirm, a returned message, a heartbeat...).
        case handled
        /// Nothing arrived before the deadline.
        case timeout
    }

    /// Starts a consumer on the channel (manual acknowledgement unless `noAck`); returns its tag.
    /// Deliveries then come from ``consumeMessage(timeout:)``.
    @discardableResult
    public func basicConsume(
        queue: String, consumerTag: String = "", noAck: Bool = false, exclusive: Bool = false,
        arguments: [String: AMQPFieldValue] = [:], channel: UInt16 = 1
    ) throws -> String {
        try ensureOpen("basic.consume")
        let arena = CArena()
        let ok = amqp_basic_consume(
            state, channel, try arena.shortString(queue, "queue name"),
            try arena.shortString(consumerTag, "consumer tag"), 0, noAck ? 1 : 0, exclusive ? 1 : 0,
            try arena.table(arguments))
        try checkRPC("basic.consume '\(queue)'", channel: channel)
        return ok.map { CDecode.string($0.pointee.consumer_tag) } ?? consumerTag
    }

    /// Stops a consumer. Deliveries already sent may still arrive; unacknowledged ones stay with the channel.
    public func basicCancel(_ consumerTag: String, channel: UInt16 = 1) throws {
        try ensureOpen("basic.cancel")
        let arena = CArena()
        amqp_basic_cancel(state, channel, try arena.shortString(consumerTag, "consumer tag"))
        try checkRPC("basic.cancel '\(consumerTag)'", channel: channel)
    }

    /// The next delivery for any consumer on this connection, or `nil` when `timeout` passes first
    /// (`nil` timeout: wait as long as it takes). Meanwhile it sends and checks heartbeats, records publisher
    /// confirms and returned messages, and answers the broker's `channel.close` (throwing `channelClosed`),
    /// `connection.close` (throwing `connectionClosed`) and consumer cancellations (throwing
    /// `consumerCancelled` with the consumer's tag as the message).
    public func consumeMessage(timeout: Duration?) throws -> AMQPEnvelope? {
        if let envelope = takePending() { return envelope }
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            switch try readOne(until: deadline) {
            case .delivery(let envelope): return envelope
            case .handled: continue
            case .timeout: return nil
            }
        }
    }

    /// Acknowledges a delivery (and, with `multiple`, every earlier one on the channel).
    public func basicAck(_ deliveryTag: UInt64, multiple: Bool = false, channel: UInt16 = 1) throws {
        try ensureSettleable(channel, "basic.ack")
        try check(status: amqp_basic_ack(state, channel, deliveryTag, multiple ? 1 : 0), "basic.ack", channel: channel)
    }

    /// Refuses a delivery (and, with `multiple`, every earlier unacknowledged one): back to its queue with
    /// `requeue`, else dead-lettered (or dropped when the queue has no dead-letter exchange).
    public func basicNack(_ deliveryTag: UInt64, multiple: Bool = false, requeue: Bool, channel: UInt16 = 1) throws {
        try ensureSettleable(channel, "basic.nack")
        try check(
            status: amqp_basic_nack(state, channel, deliveryTag, multiple ? 1 : 0, requeue ? 1 : 0), "basic.nack",
            channel: channel)
    }

    /// Refuses one delivery: back to its queue with `requeue`, else dead-lettered (or dropped).
    public func basicReject(_ deliveryTag: UInt64, requeue: Bool, channel: UInt16 = 1) throws {
        try ensureSettleable(channel, "basic.reject")
        try check(
            status: amqp_basic_reject(state, channel, deliveryTag, requeue ? 1 : 0), "basic.reject", channel: channel)
    }

    /// Settling on a channel that is gone would make the broker close the whole connection (504).
    private func ensureSettleable(_ channel: UInt16, _ context: String) throws {
        try ensureOpen(context)
        guard openChannels.contains(channel) else {
            throw AMQPError(
                .staleDelivery, "channel \(channel) is closed: the broker has requeued its deliveries",
                context: context, channel: channel)
        }
    }

    func takePending() -> AMQPEnvelope? {
        guard pendingHead < pendingEnvelopes.count else { return nil }
        let envelope = pendingEnvelopes[pendingHead]
        pendingHead += 1
        if pendingHead == pendingEnvelopes.count {
            pendingEnvelopes.removeAll(keepingCapacity: true)
            pendingHead = 0
        }
        return envelope
    }

    /// Reads until a delivery or some other frame arrives, or the deadline passes (`nil`: no deadline).
    func readOne(until deadline: ContinuousClock.Instant?) throws -> ReadResult {
        try ensureOpen("read from the broker")
        amqp_maybe_release_buffers(state)
        var ms: Int32 = -1
        if let deadline {
            let now = ContinuousClock.now
            ms = deadline > now ? max(Self.milliseconds(deadline - now), 1) : 0
        }
        var envelope = amqp_envelope_t()
        var reply = amqp_rpc_reply_t()
        let type = crabbitmq_consume_message_ms(state, &envelope, ms, &reply)
        if type == crabbitmq_response_normal {
            defer { amqp_destroy_envelope(&envelope) }
            // Deliveries on a channel closed meanwhile were queued by the close RPC: the broker requeued them.
            guard openChannels.contains(envelope.channel) else { return .handled }
            return .delivery(
                AMQPEnvelope(
                    channel: envelope.channel, consumerTag: CDecode.string(envelope.consumer_tag),
                    deliveryTag: envelope.delivery_tag, exchange: CDecode.string(envelope.exchange),
                    routingKey: CDecode.string(envelope.routing_key), redelivered: envelope.redelivered != 0,
                    body: CDecode.bytes(envelope.message.body),
                    properties: CDecode.properties(envelope.message.properties)))
        }
        if type == crabbitmq_response_library_exception {
            let status = crabbitmq_reply_library_error(reply)
            if status == crabbitmq_status_timeout { return .timeout }
            if status == crabbitmq_status_unexpected_state {
                // Not a delivery: the frame was put back; take it and deal with it.
                var frame = amqp_frame_t()
                try check(status: crabbitmq_wait_frame_ms(state, &frame, -1), "read a frame")
                try handle(frame)
                return .handled
            }
        }
        try check(reply, "read a delivery", channel: envelope.channel)
        return .handled
    }

    /// Deals with a frame that is not a delivery.
    private func handle(_ frame: amqp_frame_t) throws {
        guard frame.frame_type == crabbitmq_frame_method else { return }
        let method = frame.payload.method
        let channel = frame.channel
        switch method.id {
        case crabbitmq_basic_ack:
            let ack = crabbitmq_method_ack(method)
            confirms[channel]?.settle(tag: ack.delivery_tag, multiple: ack.multiple != 0, nack: false)
        case crabbitmq_basic_nack:
            let nack = crabbitmq_method_nack(method)
            confirms[channel]?.settle(tag: nack.delivery_tag, multiple: nack.multiple != 0, nack: true)
        case crabbitmq_basic_return:
            let r = crabbitmq_method_return(method)
            var returned = AMQPReturnedMessage(
                replyCode: r.reply_code, replyText: CDecode.string(r.reply_text), exchange: CDecode.string(r.exchange),
                routingKey: CDecode.string(r.routing_key), messageID: nil)
            var message = amqp_message_t()
            let reply = amqp_read_message(state, channel, &message, 0)
            try check(reply, "read a returned message", channel: channel)
            returned.messageID = CDecode.properties(message.properties).messageID
            amqp_destroy_message(&message)
            confirms[channel]?.returned.append(returned)
        case crabbitmq_basic_cancel:
            let tag = CDecode.string(crabbitmq_method_cancel(method).consumer_tag)
            throw AMQPError(.consumerCancelled, tag, context: "consume", channel: channel)
        case crabbitmq_channel_close:
            try check(crabbitmq_reply_from_method(method), "the broker closed channel \(channel)", channel: channel)
        case crabbitmq_connection_close:
            try check(crabbitmq_reply_from_method(method), "the broker closed the connection")
        case crabbitmq_connection_blocked:
            isBlocked = true
        case crabbitmq_connection_unblocked:
            isBlocked = false
        default:
            break
        }
    }
}
