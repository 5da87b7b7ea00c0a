/// What the API side of an ``AMQPClient`` asks its I/O thread to do.
enum ClientCommand: Sendable {
    /// Publish these messages and resume when the broker has confirmed them all.
    case publish(PublishRequest)
    /// Start (and, after reconnects, restart) a subscription.
    case consume(id: Int, queue: String, prefetch: UInt16, AsyncThrowingStream<AMQPDelivery, any Error>.Continuation)
    /// End a subscription: its channel closes, its unacknowledged deliveries go back to the queue.
    case cancel(id: Int)
    /// Acknowledge, refuse or reject a delivery (the caller does not wait: see ``ClientInbox/settle(_:_:)``).
    case settle(AMQPDelivery, Settlement)
    /// Declare a durable queue now (when connected) and on every later connection, then resume.
    case declare(AMQPQueue, CheckedContinuation<Void, any Error>)
    /// Resume once connected, or with the error of the next failed attempt.
    case waitConnected(CheckedContinuation<Void, any Error>)
    /// Shut the socket down as if the network failed (tests).
    case breakConnection
    /// Answer whether connected, from the I/O thread: proof that the thread is not stuck (the watchdog).
    case ping(CheckedContinuation<Bool, Never>)
    /// Close everything and end the thread.
    case shutdown(CheckedContinuation<Void, Never>?)

    /// How a delivery is settled.
    enum Settlement: Sendable {
        case ack
        case nack(requeue: Bool)
        case reject(requeue: Bool)
    }
}

/// Messages to publish together, and who waits for their confirms.
struct PublishRequest: Sendable {
    var messages: [AMQPMessage]
    var continuation: CheckedContinuation<Void, any Error>
    var enqueued: ContinuousClock.Instant
}
