/// What `queue.declare` answered: the queue's name and how many messages and consumers it has.
public struct AMQPQueueStatus: Sendable, Equatable {
    /// The queue's name (the broker's choice when declared with an empty name).
    public var name: String
    /// Messages ready for delivery (not counting unacknowledged ones).
    public var messageCount: UInt32
    /// Active consumers.
    public var consumerCount: UInt32

    /// Makes a status.
    public init(name: String, messageCount: UInt32, consumerCount: UInt32) {
        self.name = name
        self.messageCount = messageCount
        self.consumerCount = consumerCount
    }
}
