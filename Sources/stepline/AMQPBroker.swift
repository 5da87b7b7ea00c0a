import StepAMQP
import StepDaemon
import Synchronization

/// The queue port over RabbitMQ: one `AMQPClient` (one connection, its own thread) for publishing and one
/// for consuming, so that confirms and deliveries never wait on each other.
final class AMQPBroker: MessageBroker {
    let publisher: AMQPClient
    let consumer: AMQPClient
    /// Deliveries not yet acknowledged, by connection generation and tag.
    let pending = PendingDeliveries()

    final class PendingDeliveries: Sendable {
        let map = Mutex<[DeliveryKey: AMQPDelivery]>([:])
        func put(_ d: AMQPDelivery) { map.withLock { $0[DeliveryKey(generation: d.generation, tag: d.deliveryTag)] = d } }
        func take(_ key: DeliveryKey) -> AMQPDelivery? { map.withLock { $0.removeValue(forKey: key) } }
    }

    struct DeliveryKey: Hashable {
        var generation: Int
        var tag: UInt64
    }

    init(url: String, topology: DaemonTopology) throws {
        let parsed: AMQPURL
        do {
            parsed = try AMQPURL(url)
        } catch {
            throw CLIFailure("invalid --amqp-url '\(url)': \(error)")
        }
        let declared = Self.declarations(topology)
        publisher = try AMQPClient(url: parsed, topology: declared)
        consumer = try AMQPClient(url: parsed, topology: declared)
    }

    /// Durable queues and exchanges declared on start (and again after each reconnection).
    static func declarations(_ t: DaemonTopology) -> AMQPTopology {
        AMQPTopology(
            exchanges: [
                AMQPExchange(t.deadLetterExchange, type: .fanout),
                AMQPExchange(t.eventsExchange, type: .topic),
            ],
            queues: [
                AMQPQueue(t.startQueue, deadLetterExchange: t.deadLetterExchange),
                AMQPQueue(t.deadLetterQueue),
                AMQPQueue(t.jobQueue, deadLetterExchange: t.deadLetterExchange),
                AMQPQueue(t.resultQueue, deadLetterExchange: t.deadLetterExchange),
            ],
            bindings: [AMQPBinding(queue: t.deadLetterQueue, exchange: t.deadLetterExchange, routingKey: "#")])
    }

    static func message(_ m: BrokerMessage) -> AMQPMessage {
        AMQPMessage(
            exchange: m.exchange, routingKey: m.routingKey, body: m.body, contentType: "application/json",
            messageID: m.messageId, headers: m.headers.mapValues { .string($0) })
    }

    func publish(_ message: BrokerMessage) async throws { try await publisher.publish(Self.message(message)) }

    func publish(batch: [BrokerMessage]) async throws {
        guard !batch.isEmpty else { return }
        try await publisher.publishBatch(batch.map(Self.message))
    }

    func deliveries(queue: String, prefetch: Int) -> AsyncThrowingStream<BrokerDelivery, any Error> {
        let source = consumer.consume(queue: queue, prefetch: UInt16(clamping: prefetch))
        let pending = self.pending
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await d in source {
                        pending.put(d)
                        var headers: [String: String] = [:]
                        for (k, v) in d.properties.headers { if let s = v.stringValue { headers[k] = s } }
                        continuation.yield(
                            BrokerDelivery(
                                tag: d.deliveryTag, generation: d.generation, body: d.body, messageId: d.properties.messageID,
                                headers: headers, redelivered: d.redelivered))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func take(_ d: BrokerDelivery) -> AMQPDelivery? {
        pending.take(DeliveryKey(generation: d.generation, tag: d.tag))
    }

    /// A delivery from an earlier connection cannot be acknowledged: the broker has already requeued it.
    func ack(_ delivery: BrokerDelivery) async {
        guard let d = take(delivery) else { return }
        try? await consumer.ack(d)
    }

    func reject(_ delivery: BrokerDelivery, requeue: Bool) async {
        guard let d = take(delivery) else { return }
        try? await consumer.reject(d, requeue: requeue)
    }
}
