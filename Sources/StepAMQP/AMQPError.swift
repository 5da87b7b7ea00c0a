/// An error from the broker, the network, rabbitmq-c, or this wrapper.
///
/// `code` says what kind of failure it is; `replyCode` and `message` carry the broker's AMQP reply
/// (e.g. 404 `NOT_FOUND - no exchange 'x' in vhost '/'`) when the broker closed a channel or the connection,
/// and `libraryStatus` rabbitmq-c's status (`AMQP_STATUS_*`, negative) when the library reported it.
public struct AMQPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Equatable {
        /// The connection is gone: the broker closed it (see `replyCode`), the socket closed, or it was closed here.
        case connectionClosed
        /// The broker closed a channel (see `replyCode`, `channel`): e.g. 404 for a missing queue or exchange,
        /// 406 for a declaration that does not match the existing one.
        case channelClosed
        /// Connecting, reading or writing failed: refused connection, unknown host, TLS failure, reset socket.
        case socketError
        /// An operation, the connection handshake, or the broker's heartbeats timed out.
        case timeout
        /// The URL is not a valid `amqp://` or `amqps://` URL.
        case invalidURL
        /// An argument is out of range or malformed (e.g. a name longer than 255 bytes).
        case invalidArgument
        /// The broker refused one or more published messages (`basic.nack`).
        case nacked
        /// The broker returned a `mandatory` message that no queue took (`basic.return`).
        case unroutable
        /// The broker cancelled a consumer (its queue was deleted, or the node holding it went away).
        case consumerCancelled
        /// A delivery can no longer be acknowledged: its channel or connection has gone (the broker requeues it).
        case staleDelivery
        /// The client or connection was closed by its owner.
        case closed
        /// Any other status rabbitmq-c reported (see `libraryStatus`).
        case library
    }

    /// What kind of failure this is.
    public var code: Code
    /// The broker's AMQP reply code (320 connection forced, 404 not found, 406 precondition failed, ...).
    public var replyCode: UInt16?
    /// The broker's reply text, rabbitmq-c's description, or this wrapper's.
    public var message: String
    /// rabbitmq-c's status code (`AMQP_STATUS_*`, negative), when the library reported the failure.
    public var libraryStatus: Int32?
    /// The channel the broker closed, for `channelClosed` (and the channel of a cancelled consumer).
    public var channel: UInt16?
    /// What was being done: `queue.declare`, `basic.publish`, `connect to 127.0.0.1:5672`, ...
    public var context: String

    /// Makes an error.
    public init(
        _ code: Code, _ message: String, context: String = "", replyCode: UInt16? = nil,
        libraryStatus: Int32? = nil, channel: UInt16? = nil
    ) {
        self.code = code
        self.message = message
        self.context = context
        self.replyCode = replyCode
        self.libraryStatus = libraryStatus
        self.channel = channel
    }

    /// Whether the failure concerns the whole connection (so a new connection is needed), as opposed to one
    /// channel, one message or one argument.
    public var isConnectionLevel: Bool {
        switch code {
        case .connectionClosed, .socketError, .timeout, .library: true
        default: false
        }
    }

    public var description: String {
        var text = "AMQP \(code.rawValue)"
        if let replyCode { text += " \(replyCode)" }
        if let channel { text += " (channel \(channel))" }
        if !context.isEmpty { text += " in \(context)" }
        text += ": \(message)"
        if let libraryStatus { text += " [rabbitmq-c status \(libraryStatus)]" }
        return text
    }
}
