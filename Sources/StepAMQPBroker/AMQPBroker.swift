import StepAMQP
import StepDaemon
import StepRuntime
import Synchronization

/// The queue port over RabbitMQ: one `AMQPClient` (one connection, its own thread) for publishing and one
/// for consuming, so that confirms and deliveries never wait on each other.
public final class AMQPBroker: MessageBroker {
    let publisher: AMQPClient
    let consumer: AMQPClient
    /// Deliveries not yet acknowledged, by a number this adapter gives each one (broker tags repeat across
    /// subscriptions and connections; these never do).
    let pending = PendingDeliveries()
    /// Where the queues declared later dead-letter to.
    let deadLetterExchange: String

    final class PendingDeliveries: Sendable {
        let state = Mutex<(next: UInt64, map: [UInt64: AMQPDelivery])>((1, [:]))
        func put(_ d: AMQPDelivery) -> UInt64 {
            state.withLock { s in
                let n = s.next
                s.next += 1
                s.map[n] = d
                return n
            }
        }
        func take(_ key: UInt64) -> AMQPDelivery? { state.withLock { $0.map.removeValue(forKey: key) } }
    }

    /// The broker's address, for logs (the URL as given, its password hidden by `AMQPURL`).
    public var endpoint: String { "\(publisher.url)" }

    /// `extraQueues`: more durable queues to declare (the activities' queues).
    public init(url: String, topology: DaemonTopology, extraQueues: [String] = []) throws {
        let parsed: AMQPURL
        do {
            parsed = try AMQPURL(url)
        } catch {
            throw AMQPBrokerURLError(description: "invalid --amqp-url '\(url)': \(error)")
        }
        deadLetterExchange = topology.deadLetterExchange
        var declared = Self.declarations(topology)
        declared.queues += extraQueues.map { AMQPQueue($0, deadLetterExchange: topology.deadLetterExchange) }
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
                AMQPQueue(t.callbackQueue, deadLetterExchange: t.deadLetterExchange),
            ],
            bindings: [AMQPBinding(queue: t.deadLetterQueue, exchange: t.deadLetterExchange, routingKey: "#")])
    }

    /// Waits until both connections are up, reporting each failed attempt (a refused connection, bad
    /// credentials, a queue declared elsewhere with other arguments) instead of waiting in silence.
    /// Attempts back off from 0.1 s, doubling to 5 s, so that a broker refusing every attempt (a certificate
    /// that does not verify, a queue declared with other arguments) is neither hammered nor flooding the log.
    public func connect(log: @Sendable (String) -> Void) async {
        for client in [publisher, consumer] {
            var backoff = Backoff(first: .milliseconds(100))
            while !Task.isCancelled {
                do {
                    try await client.connect()
                    break
                } catch {
                    log("cannot connect to \(client.url): \(error); retrying in \(backoff.upcoming)")
                    await backoff.wait()
                }
            }
        }
    }

    /// Connects both clients once, failing with the first error (for a command that should not wait forever).
    public func connectOnce() async throws {
        for client in [publisher, consumer] { try await client.connect() }
    }

    /// Both clients' I/O threads answered, whether both are connected, and their reconnections.
    public func health() async -> BrokerHealth {
        let publishing = await publisher.ping()
        let consuming = await consumer.ping()
        return BrokerHealth(
            connected: publishing && consuming, responsive: true,
            reconnects: max(0, publisher.generation - 1) + max(0, consumer.generation - 1))
    }

    /// Closes both connections, after sending the acknowledgements already given.
    public func close() async {
        await consumer.close()
        await publisher.close()
    }

    static func message(_ m: BrokerMessage) -> AMQPMessage {
        AMQPMessage(
            exchange: m.exchange, routingKey: m.routingKey, body: m.body, contentType: "application/json",
            messageID: m.messageId, headers: m.headers.mapValues { .string($0) }, mandatory: m.mandatory)
    }

    public func publish(_ message: BrokerMessage) async throws {
        do {
            try await publisher.publish(Self.message(message))
        } catch let e as AMQPError where Self.isRefusal(e) {
            throw BrokerRefusal(e.description)
        }
    }

    public func publish(batch: [BrokerMessage]) async throws {
        guard !batch.isEmpty else { return }
        do {
            try await publisher.publishBatch(batch.map(Self.message))
        } catch let e as AMQPError where Self.isRefusal(e) {
            throw BrokerRefusal(e.description)
        }
    }

    /// A message no queue takes, or an exchange that does not exist: retrying will not help.
    static func isRefusal(_ e: AMQPError) -> Bool {
        e.code == .unroutable || (e.code == .channelClosed && e.replyCode == 404)
    }

    public func deliveries(queue: String, prefetch: Int) -> AsyncThrowingStream<BrokerDelivery, any Error> {
        let source = consumer.consume(queue: queue, prefetch: UInt16(clamping: prefetch))
        let pending = self.pending
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await d in source {
                        let key = pending.put(d)
                        var headers: [String: String] = [:]
                        for (k, v) in d.properties.headers { if let s = v.stringValue { headers[k] = s } }
                        continuation.yield(
                            BrokerDelivery(
                                tag: key, generation: d.generation, body: d.body, messageId: d.properties.messageID,
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

    /// Declared through the consuming connection, the one that subscribes to it.
    public func declareQueue(_ name: String) async throws {
        try await consumer.declare(AMQPQueue(name, deadLetterExchange: deadLetterExchange))
    }

    func take(_ d: BrokerDelivery) -> AMQPDelivery? {
        pending.take(d.tag)
    }

    /// A delivery from an earlier connection cannot be acknowledged: the broker has already requeued it.
    public func ack(_ delivery: BrokerDelivery) async {
        guard let d = take(delivery) else { return }
        try? await consumer.ack(d)
    }

    public func reject(_ delivery: BrokerDelivery, requeue: Bool) async {
        guard let d = take(delivery) else { return }
        try? await consumer.reject(d, requeue: requeue)
    }
}

/// An `--amqp-url` that does not parse; its description names the URL and why.
public struct AMQPBrokerURLError: Error, CustomStringConvertible {
    public let description: String
}
