import StepDaemon
import Synchronization

/// A broker in memory: queues, a default exchange that routes by queue name, and named exchanges bound
/// to queues by routing-key patterns (`#` and `*` as in AMQP topics), with an outage switch. For tests.
public final class InMemoryBroker: MessageBroker {
    struct Queued {
        var message: BrokerMessage
        var redelivered: Bool
    }

    struct Consumer {
        var continuation: AsyncThrowingStream<BrokerDelivery, any Error>.Continuation
        var prefetch: Int
        var unacked: Int
    }

    struct State {
        var queues: [String: [Queued]] = [:]
        var bindings: [String: [(pattern: String, queue: String)]] = [:]
        var consumers: [String: Consumer] = [:]
        var unacked: [UInt64: (queue: String, item: Queued)] = [:]
        var nextTag: UInt64 = 1
        var down = false
    }

    let state = Mutex(State())

    public init() {}

    /// Binds `exchange` to `queue` for routing keys matching `pattern`.
    public func bind(exchange: String, queue: String, pattern: String = "#") {
        state.withLock { $0.bindings[exchange, default: []].append((pattern, queue)) }
    }

    /// The messages waiting in `queue` (not yet delivered).
    public func waiting(_ queue: String) -> [BrokerMessage] { state.withLock { ($0.queues[queue] ?? []).map(\.message) } }

    /// The broker is unreachable: every publish fails until it is back.
    public struct Outage: Error {}

    /// Takes the broker down (publishes fail with `Outage`) or brings it back.
    public func setAvailable(_ up: Bool) { state.withLock { $0.down = !up } }

    /// A mandatory message that no queue takes fails, as with a real broker.
    public func publish(_ message: BrokerMessage) async throws {
        if state.withLock({ $0.down }) { throw Outage() }
        if message.mandatory, !routes(message) {
            throw BrokerRefusal("no queue takes messages for '\(message.routingKey)' on '\(message.exchange)'")
        }
        route(message)
    }

    func routes(_ message: BrokerMessage) -> Bool {
        state.withLock { s in
            if message.exchange.isEmpty { return s.queues[message.routingKey] != nil || s.consumers[message.routingKey] != nil }
            return (s.bindings[message.exchange] ?? []).contains { Self.topicMatches($0.pattern, message.routingKey) }
        }
    }

    /// Declares an empty queue, so that mandatory messages to it are accepted.
    public func declare(queue: String) { state.withLock { if $0.queues[queue] == nil { $0.queues[queue] = [] } } }

    public func declareQueue(_ name: String) async throws { declare(queue: name) }

    public func publish(batch: [BrokerMessage]) async throws {
        if state.withLock({ $0.down }) { throw Outage() }
        for m in batch { route(m) }
    }

    func route(_ message: BrokerMessage) {
        state.withLock { s in
            var targets: [String] = []
            if message.exchange.isEmpty {
                targets = [message.routingKey]
            } else {
                for b in s.bindings[message.exchange] ?? [] where Self.topicMatches(b.pattern, message.routingKey) {
                    targets.append(b.queue)
                }
            }
            for q in targets { s.queues[q, default: []].append(Queued(message: message, redelivered: false)) }
            for q in targets { Self.pump(&s, q) }
        }
    }

    public func deliveries(queue: String, prefetch: Int) -> AsyncThrowingStream<BrokerDelivery, any Error> {
        let (stream, continuation) = AsyncThrowingStream<BrokerDelivery, any Error>.makeStream()
        state.withLock { s in
            s.consumers[queue] = Consumer(continuation: continuation, prefetch: max(1, prefetch), unacked: 0)
            Self.pump(&s, queue)
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { s in
                s.consumers[queue] = nil
                // Unacknowledged messages go back to the queue, as when a consumer's connection closes.
                for (tag, u) in s.unacked where u.queue == queue {
                    s.unacked[tag] = nil
                    s.queues[queue, default: []].insert(Queued(message: u.item.message, redelivered: true), at: 0)
                }
            }
        }
        return stream
    }

    public func ack(_ delivery: BrokerDelivery) async {
        state.withLock { s in
            guard let u = s.unacked.removeValue(forKey: delivery.tag) else { return }
            s.consumers[u.queue]?.unacked -= 1
            Self.pump(&s, u.queue)
        }
    }

    public func reject(_ delivery: BrokerDelivery, requeue: Bool) async {
        state.withLock { s in
            guard let u = s.unacked.removeValue(forKey: delivery.tag) else { return }
            s.consumers[u.queue]?.unacked -= 1
            if requeue { s.queues[u.queue, default: []].insert(Queued(message: u.item.message, redelivered: true), at: 0) }
            Self.pump(&s, u.queue)
        }
    }

    static func pump(_ s: inout State, _ queue: String) {
        guard var c = s.consumers[queue] else { return }
        while c.unacked < c.prefetch, var items = s.queues[queue], !items.isEmpty {
            let item = items.removeFirst()
            s.queues[queue] = items
            let tag = s.nextTag
            s.nextTag += 1
            s.unacked[tag] = (queue, item)
            c.unacked += 1
            c.continuation.yield(
                BrokerDelivery(
                    tag: tag, generation: 0, body: item.message.body, messageId: item.message.messageId,
                    headers: item.message.headers, redelivered: item.redelivered))
        }
        s.consumers[queue] = c
    }

    /// AMQP topic matching: `*` one word, `#` any number of words.
    static func topicMatches(_ pattern: String, _ key: String) -> Bool {
        func match(_ p: ArraySlice<Substring>, _ k: ArraySlice<Substring>) -> Bool {
            guard let first = p.first else { return k.isEmpty }
            if first == "#" {
                for i in k.startIndex...k.endIndex where match(p.dropFirst(), k[i...]) { return true }
                return false
            }
            guard let kf = k.first, first == "*" || first == kf else { return false }
            return match(p.dropFirst(), k.dropFirst())
        }
        return match(
            ArraySlice(pattern.split(separator: ".", omittingEmptySubsequences: false)),
            ArraySlice(key.split(separator: ".", omittingEmptySubsequences: false)))
    }
}
