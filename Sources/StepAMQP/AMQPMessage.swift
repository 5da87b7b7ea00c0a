/// A message to publish: where it goes, its body and its properties.
public struct AMQPMessage: Sendable, Equatable {
    /// The exchange; `""` is the default exchange, which routes to the queue named by `routingKey`.
    public var exchange: String
    /// The routing key.
    public var routingKey: String
    /// The body bytes.
    public var body: [UInt8]
    /// The content header.
    public var properties: AMQPProperties
    /// Ask the broker to return the message (`basic.return`) when no queue takes it; with confirms, such a
    /// message then fails its publish with `unroutable` instead of vanishing.
    public var mandatory: Bool

    /// Makes a message with the given properties.
    public init(
        exchange: String = "", routingKey: String, body: [UInt8], properties: AMQPProperties, mandatory: Bool = false
    ) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.properties = properties
        self.mandatory = mandatory
    }

    /// Makes a message, persistent unless told otherwise, with the usual properties.
    public init(
        exchange: String = "", routingKey: String, body: [UInt8], contentType: String? = nil,
        messageID: String? = nil, headers: [String: AMQPFieldValue] = [:], persistent: Bool = true,
        mandatory: Bool = false
    ) {
        self.init(
            exchange: exchange, routingKey: routingKey, body: body,
            properties: AMQPProperties(
                contentType: contentType, headers: headers, persistent: persistent, messageID: messageID),
            mandatory: mandatory)
    }
}
