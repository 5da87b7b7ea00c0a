/// A message the broker handed back with `basic.return` (published `mandatory`, and no queue took it).
public struct AMQPReturnedMessage: Sendable, Equatable {
    /// The broker's reason code (312 `NO_ROUTE`).
    public var replyCode: UInt16
    /// The broker's reason text.
    public var replyText: String
    /// The exchange it was published to.
    public var exchange: String
    /// The routing key it was published with.
    public var routingKey: String
    /// Its `message-id` property, if it had one.
    public var messageID: String?
}
