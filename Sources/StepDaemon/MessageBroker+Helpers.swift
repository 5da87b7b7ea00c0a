extension MessageBroker {
    /// Sends a message that cannot be handled to the dead-letter exchange with the reason in
    /// `x-stepline-reason`, then acknowledges it; if even that fails, rejects it to the queue's own
    /// dead-letter exchange.
    public func deadLetter(
        _ delivery: BrokerDelivery, exchange: String, routingKey: String, reason: String, log: @Sendable (String) -> Void
    ) async {
        log("dead-lettering a message from \(routingKey): \(reason)")
        var headers = delivery.headers
        headers["x-stepline-reason"] = reason
        do {
            try await publish(
                BrokerMessage(
                    exchange: exchange, routingKey: routingKey, body: delivery.body, messageId: delivery.messageId,
                    headers: headers))
            await ack(delivery)
        } catch {
            log("cannot dead-letter (\(error)); rejecting the message")
            await reject(delivery, requeue: false)
        }
    }

    /// Consumes `queue`, handling up to `concurrency` deliveries at once.
    public func consume(
        _ queue: String, prefetch: Int, concurrency: Int, _ handle: @escaping @Sendable (BrokerDelivery) async -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for try await delivery in deliveries(queue: queue, prefetch: prefetch) {
                if inFlight >= concurrency {
                    _ = try await group.next()
                    inFlight -= 1
                }
                inFlight += 1
                group.addTask { await handle(delivery) }
            }
            try await group.waitForAll()
        }
    }
}
