/// An exchange to declare.
public struct AMQPExchange: Sendable, Hashable {
    /// The name.
    public var name: String
    /// The routing type.
    public var type: AMQPExchangeType
    /// Survives a broker restart.
    public var durable: Bool
    /// Deleted when its last binding goes.
    public var autoDelete: Bool
    /// Optional arguments (e.g. `alternate-exchange`).
    public var arguments: [String: AMQPFieldValue]

    /// Makes a durable exchange declaration unless told otherwise.
    public init(
        _ name: String, type: AMQPExchangeType, durable: Bool = true, autoDelete: Bool = false,
        arguments: [String: AMQPFieldValue] = [:]
    ) {
        self.name = name
        self.type = type
        self.durable = durable
        self.autoDelete = autoDelete
        self.arguments = arguments
    }
}
