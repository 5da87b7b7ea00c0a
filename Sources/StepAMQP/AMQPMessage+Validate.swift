extension AMQPMessage {
    /// Checks what the broker would refuse only by closing the channel or connection: AMQP short strings
    /// (exchange, routing key, string properties, header names) longer than 255 bytes.
    func validate() throws {
        func short(_ value: String?, _ what: String) throws {
            guard let value, value.utf8.count > 255 else { return }
            throw AMQPError(
                .invalidArgument, "\(what) is \(value.utf8.count) bytes long (AMQP allows 255)", context: "publish")
        }
        try short(exchange, "exchange name")
        try short(routingKey, "routing key")
        let p = properties
        for (value, what) in [
            (p.contentType, "content type"), (p.contentEncoding, "content encoding"),
            (p.correlationID, "correlation id"), (p.replyTo, "reply-to"), (p.expiration, "expiration"),
            (p.messageID, "message id"), (p.type, "type"), (p.userID, "user id"), (p.appID, "app id"),
        ] {
            try short(value, what)
        }
        try Self.validate(p.headers)
    }

    private static func validate(_ table: [String: AMQPFieldValue]) throws {
        for (key, value) in table {
            guard key.utf8.count <= 255 else {
                throw AMQPError(
                    .invalidArgument, "header name '\(key.prefix(40))…' is longer than 255 bytes",
                    context: "publish")
            }
            try validate(value)
        }
    }

    private static func validate(_ value: AMQPFieldValue) throws {
        switch value {
        case .table(let t): try validate(t)
        case .array(let a): for item in a { try validate(item) }
        default: break
        }
    }
}
