/// The exchanges, queues and bindings a client declares on every (re)connection, in that order.
///
/// Declarations are idempotent as long as they match what the broker has; a mismatch (say, another
/// `x-queue-type`) fails with a 406 `channelClosed` error.
public struct AMQPTopology: Sendable, Hashable {
    /// Declared first.
    public var exchanges: [AMQPExchange]
    /// Declared second.
    public var queues: [AMQPQueue]
    /// Declared last.
    public var bindings: [AMQPBinding]

    /// Makes a topology (empty by default).
    public init(exchanges: [AMQPExchange] = [], queues: [AMQPQueue] = [], bindings: [AMQPBinding] = []) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
    }

    /// Whether there is nothing to declare.
    public var isEmpty: Bool { exchanges.isEmpty && queues.isEmpty && bindings.isEmpty }
}
