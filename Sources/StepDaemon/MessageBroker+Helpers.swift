import CoreMetrics
import StepRuntime
import StepService

extension MessageBroker {
    /// Sends a message that cannot be handled to the dead-letter exchange with the reason in
    /// `x-stepline-reason`, then acknowledges it; if even that fails, rejects it to the queue's own
    /// dead-letter exchange.
    public func deadLetter(
        _ delivery: BrokerDelivery, exchange: String, routingKey: String, reason: String, log: @Sendable (String) -> Void
    ) async {
        log("dead-lettering a message from \(routingKey): \(reason)")
        DaemonMetrics.deadLettered.increment()
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

    /// Acknowledges a message once everything the service has staged so far (what the message caused) is
    /// committed, without holding up the consumer.
    public func ack(_ delivery: BrokerDelivery, onceCommittedBy service: DurableService) {
        Task {
            await service.whenCommitted()
            await ack(delivery)
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

/// Publishes through `attempt`, retrying with back-off (0.1 s, doubling up to 5 s) while the broker is
/// unreachable, until it confirms, `deadline` passes or the task is cancelled; a `BrokerRefusal` is final at
/// once. `failed` hears of each failed attempt. Answers `nil` once confirmed, else the last error.
func publishRetrying(
    until deadline: ContinuousClock.Instant? = nil, failed: @Sendable (any Error) -> Void = { _ in },
    _ attempt: @Sendable () async throws -> Void
) async -> (any Error)? {
    var backoff = Backoff(first: .milliseconds(100))
    while true {
        do {
            try await attempt()
            return nil
        } catch let refusal as BrokerRefusal {
            return refusal
        } catch {
            failed(error)
            if let deadline, ContinuousClock.now + backoff.upcoming > deadline { return error }
            if Task.isCancelled { return error }
            await backoff.wait()
        }
    }
}
