import Foundation
import Synchronization

/// A RabbitMQ client for async code: ONE connection, owned by ONE dedicated thread that makes every blocking
/// rabbitmq-c call (never Swift's cooperative threads), reconnecting with exponential back-off when the broker
/// goes away and declaring its ``AMQPTopology`` again on every new connection.
///
/// - Publishing is always confirmed: ``publish(_:)`` and ``publishBatch(_:)`` return once the broker has
///   taken responsibility for the messages (written them to disk, for persistent messages on durable queues),
///   and throw when it refused them (`nacked`), returned them (`unroutable`, for `mandatory` messages), or the
///   connection was lost before it answered (then they may or may not have been taken: publish again).
///   Publishes made while disconnected wait for the next connection, up to ``AMQPReconnectPolicy/publishWait``.
/// - Consuming: ``consume(queue:prefetch:)`` gives a stream of deliveries with manual acknowledgement;
///   the subscription survives reconnects (deliveries not yet settled when a connection drops are
///   redelivered by the broker; settling the old ones throws `staleDelivery`). Ending the stream (leaving
///   its loop, or dropping it) cancels the subscription and requeues its unsettled deliveries.
///
/// Each client is one connection: run a publishing client and a consuming client side by side when both are
/// busy (the broker throttles publishing connections, not consuming ones). Call ``close()`` when done.
public final class AMQPClient: Sendable {
    private let inbox: ClientInbox
    private let nextConsumerID = Atomic<Int>(0)
    /// The broker this client connects to.
    public let url: AMQPURL

    /// Starts the client's thread, which connects at once in the background (see ``connect()``).
    ///
    /// `options` defaults to ``AMQPConnectionOptions/init(url:)``; throws only when the URL's options are bad.
    public init(
        url: AMQPURL, options: AMQPConnectionOptions? = nil, topology: AMQPTopology = AMQPTopology(),
        reconnect: AMQPReconnectPolicy = AMQPReconnectPolicy()
    ) throws {
        let opts = try options ?? AMQPConnectionOptions(url: url)
        let inbox = ClientInbox()
        self.inbox = inbox
        self.url = url
        let config = ClientWorker.Config(url: url, options: opts, topology: topology, policy: reconnect)
        let thread = Thread {
            ClientWorker(config: config, inbox: inbox).run()
        }
        thread.name = "stepline-amqp"
        thread.start()
    }

    deinit {
        _ = inbox.send(.shutdown(nil))
    }

    /// The connection generation: 0 before the first connection, then 1, 2, ... one per (re)connection.
    public var generation: Int { inbox.generation.load(ordering: .acquiring) }

    /// Whether the client is connected right now.
    public var isConnected: Bool { inbox.connected.load(ordering: .acquiring) }

    /// Returns once the client is connected; throws the error of the next failed attempt if it is not
    /// (`socketError` for a refused connection, `connectionClosed` 403 for bad credentials, `channelClosed`
    /// 406 for a topology that does not match the broker's, ...). The client keeps retrying either way.
    public func connect() async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            if !inbox.send(.waitConnected(c)) { c.resume(throwing: Self.closedError) }
        }
    }

    /// Declares a durable queue now (once connected) and again on every reconnection, for a queue that is
    /// not known when the client is made (an activity created later). Throws when the broker refuses it.
    public func declare(_ queue: AMQPQueue) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            if !inbox.send(.declare(queue, c)) { c.resume(throwing: Self.closedError) }
        }
    }

    /// Publishes one message and waits for the broker's confirm.
    public func publish(_ message: AMQPMessage) async throws {
        try await publishBatch([message])
    }

    /// Publishes the messages in order and waits until the broker has confirmed them all (one failure fails
    /// the whole call; some of the others may have been taken).
    public func publishBatch(_ messages: [AMQPMessage]) async throws {
        guard !messages.isEmpty else { return }
        for message in messages { try message.validate() }
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let request = PublishRequest(messages: messages, continuation: c, enqueued: .now)
            if !inbox.send(.publish(request)) { c.resume(throwing: Self.closedError) }
        }
    }

    /// Subscribes to a queue with manual acknowledgement, at most `prefetch` unsettled deliveries at a time.
    ///
    /// The stream ends with an error when the broker cancels the subscription (the queue was deleted) or
    /// closes its channel (say, 404 for a missing queue); it ends normally when the client closes.
    public func consume(queue: String, prefetch: UInt16 = 100) -> AsyncThrowingStream<AMQPDelivery, any Error> {
        let id = nextConsumerID.wrappingAdd(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncThrowingStream<AMQPDelivery, any Error>.makeStream()
        let inbox = self.inbox
        continuation.onTermination = { _ in _ = inbox.send(.cancel(id: id)) }
        if !inbox.send(.consume(id: id, queue: queue, prefetch: prefetch, continuation)) {
            continuation.finish(throwing: Self.closedError)
        }
        return stream
    }

    /// Acknowledges a delivery: the broker forgets it.
    ///
    /// Settling does not wait for the broker (AMQP has no reply to it) nor for the client's thread: it throws
    /// `staleDelivery` at once when the delivery's connection or subscription has ended (the broker has
    /// requeued it then, and will deliver it again), `closed` when the client is closed.
    public func ack(_ delivery: AMQPDelivery) async throws {
        try settle(delivery, .ack)
    }

    /// Refuses a delivery: back to its queue with `requeue` (redelivered, `redelivered` set), else to the
    /// queue's dead-letter exchange (or dropped when it has none). Throws like ``ack(_:)``.
    public func nack(_ delivery: AMQPDelivery, requeue: Bool) async throws {
        try settle(delivery, .nack(requeue: requeue))
    }

    /// Rejects a delivery (`basic.reject`): like ``nack(_:requeue:)`` for one message.
    public func reject(_ delivery: AMQPDelivery, requeue: Bool) async throws {
        try settle(delivery, .reject(requeue: requeue))
    }

    private func settle(_ delivery: AMQPDelivery, _ how: ClientCommand.Settlement) throws {
        switch inbox.settle(delivery, how) {
        case .queued: return
        case .closed: throw Self.closedError
        case .stale:
            throw AMQPError(
                .staleDelivery, "the delivery's connection or subscription has ended; the broker has requeued it",
                context: "settle")
        }
    }

    /// Closes the connection, fails what is still waiting with `closed`, ends the consumer streams, and
    /// stops the thread. Later calls throw `closed`.
    public func close() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            if !inbox.send(.shutdown(c)) { c.resume() }
        }
    }

    /// Asks the client's I/O thread whether it is connected. An answer proves the thread is serving
    /// commands (a stuck rabbitmq-c call would never answer), which is what a watchdog wants to know;
    /// a closed client answers `false` at once.
    public func ping() async -> Bool {
        await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
            if !inbox.send(.ping(c)) { c.resume(returning: false) }
        }
    }

    /// Shuts the socket down as if the network had failed, to test reconnection.
    package func simulateNetworkFailure() {
        _ = inbox.send(.breakConnection)
    }

    static let closedError = AMQPError(.closed, "the client is closed")
}
