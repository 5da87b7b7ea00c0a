internal import CRabbitMQ

extension AMQPConnection {
    /// Puts the channel in confirm mode: from now on the broker acknowledges (`basic.ack`) or refuses
    /// (`basic.nack`) every message published on it, and ``basicPublish(_:channel:)`` returns sequence numbers.
    public func confirmSelect(channel: UInt16 = 1) throws {
        guard confirms[channel] == nil else { return }
        try ensureOpen("confirm.select")
        amqp_confirm_select(state, channel)
        try checkRPC("confirm.select", channel: channel)
        confirms[channel] = ConfirmTracker()
    }

    /// Whether the channel is in confirm mode.
    public func isConfirming(channel: UInt16 = 1) -> Bool { confirms[channel] != nil }

    /// How many messages published on a confirm-mode channel the broker has not settled yet.
    public func unconfirmedCount(channel: UInt16 = 1) -> Int {
        guard let t = confirms[channel] else { return 0 }
        return Int(t.published - min(t.settledThrough, t.published))
    }

    /// Publishes one message; does not wait. On a confirm-mode channel returns its sequence number (the
    /// broker's `delivery-tag` in the `basic.ack` for it), else 0.
    @discardableResult
    public func basicPublish(
        exchange: String = "", routingKey: String, body: [UInt8], properties: AMQPProperties = AMQPProperties(),
        mandatory: Bool = false, channel: UInt16 = 1
    ) throws -> UInt64 {
        try ensureOpen("basic.publish")
        guard openChannels.contains(channel) else {
            throw AMQPError(.channelClosed, "channel \(channel) is not open", context: "basic.publish", channel: channel)
        }
        let arena = CArena()
        let exchangeBytes = try arena.shortString(exchange, "exchange name")
        let keyBytes = try arena.shortString(routingKey, "routing key")
        var props = try arena.properties(properties)
        let status = body.withUnsafeBytes { raw in
            amqp_basic_publish(
                state, channel, exchangeBytes, keyBytes, mandatory ? 1 : 0, 0, &props,
                amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)))
        }
        try check(status: status, "basic.publish to '\(exchange)' with '\(routingKey)'", channel: channel)
        return confirms[channel]?.next() ?? 0
    }

    /// Publishes one message; does not wait (see ``basicPublish(exchange:routingKey:body:properties:mandatory:channel:)``).
    @discardableResult
    public func basicPublish(_ message: AMQPMessage, channel: UInt16 = 1) throws -> UInt64 {
        try basicPublish(
            exchange: message.exchange, routingKey: message.routingKey, body: message.body,
            properties: message.properties, mandatory: message.mandatory, channel: channel)
    }

    /// Publishes one message and waits for the broker's confirm (putting the channel in confirm mode first
    /// if needed). Throws `nacked`, `unroutable` (mandatory and unrouted) or `timeout`.
    public func publishAndWait(_ message: AMQPMessage, timeout: Duration = .seconds(30), channel: UInt16 = 1) throws {
        try confirmSelect(channel: channel)
        try basicPublish(message, channel: channel)
        try waitForConfirms(timeout: timeout, channel: channel)
    }

    /// Publishes every message, then waits for all their confirms together (the broker acknowledges them in
    /// batches, `multiple`). Throws `nacked` or `unroutable` naming how many failed, or `timeout`.
    public func publishBatchAndWait(
        _ messages: [AMQPMessage], timeout: Duration = .seconds(60), channel: UInt16 = 1
    ) throws {
        try confirmSelect(channel: channel)
        for (i, message) in messages.enumerated() {
            try basicPublish(message, channel: channel)
            // Read what the broker sent meanwhile, so that its confirms never fill the socket buffers.
            if i % 256 == 255 { try drainAvailable() }
        }
        try waitForConfirms(timeout: timeout, channel: channel)
    }

    /// Waits until the broker has settled every message published on the channel, then reports refusals:
    /// throws `nacked` when it refused some, `unroutable` when it returned some (`mandatory`), `timeout` when
    /// `timeout` passes first. Deliveries read meanwhile are kept for ``consumeMessage(timeout:)``.
    public func waitForConfirms(timeout: Duration = .seconds(30), channel: UInt16 = 1) throws {
        guard confirms[channel] != nil else {
            throw AMQPError(.invalidArgument, "channel \(channel) is not in confirm mode", context: "wait for confirms")
        }
        let deadline = ContinuousClock.now + timeout
        while let tracker = confirms[channel], !tracker.allSettled {
            switch try readOne(until: deadline) {
            case .delivery(let envelope): pendingEnvelopes.append(envelope)
            case .handled: continue
            case .timeout:
                throw AMQPError(
                    .timeout, "\(unconfirmedCount(channel: channel)) of the published messages are not confirmed",
                    context: "wait for confirms", channel: channel)
            }
        }
        guard var tracker = confirms[channel] else {
            throw AMQPError(.channelClosed, "the channel closed", context: "wait for confirms", channel: channel)
        }
        let nacked = tracker.takeAllNacked()
        let returned = tracker.returned
        tracker.returned = []
        confirms[channel] = tracker
        if let first = returned.first {
            throw AMQPError(
                .unroutable,
                "\(returned.count) message(s) returned: \(first.replyText) (exchange '\(first.exchange)', "
                    + "routing key '\(first.routingKey)')", context: "basic.publish", replyCode: first.replyCode,
                channel: channel)
        }
        if !nacked.isEmpty {
            throw AMQPError(
                .nacked, "the broker refused \(nacked.count) message(s), sequence numbers \(nacked.prefix(10))",
                context: "basic.publish", channel: channel)
        }
    }

    /// Handles every frame already readable without waiting; deliveries are kept for `consumeMessage`.
    func drainAvailable() throws {
        while true {
            switch try readOne(until: .now) {
            case .delivery(let envelope): pendingEnvelopes.append(envelope)
            case .handled: continue
            case .timeout: return
            }
        }
    }
}
