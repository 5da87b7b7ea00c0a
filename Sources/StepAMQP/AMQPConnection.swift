internal import CRabbitMQ

/// One AMQP 0-9-1 connection to RabbitMQ through rabbitmq-c: blocking calls, confined to one thread.
///
/// Not `Sendable`: create, use and close it on the same thread (``AMQPClient`` does that for you, on a
/// thread of its own). Every method blocks until the broker answers or a timeout passes. Channels are
/// numbered by the caller (`channel: 1` by default) and opened with ``openChannel(_:)``.
///
/// Failures throw ``AMQPError``: after a connection-level one (``AMQPError/isConnectionLevel``) the
/// connection is unusable and ``isOpen`` is false; after `channelClosed` only that channel is.
public final class AMQPConnection {
    let state: amqp_connection_state_t
    /// The broker this connection went to.
    public let url: AMQPURL
    /// The options it was opened with.
    public let options: AMQPConnectionOptions
    /// Whether the connection can still be used.
    public internal(set) var isOpen = false
    /// Whether the broker said it is blocking publishers (`connection.blocked`: a memory or disk alarm).
    public internal(set) var isBlocked = false
    /// The channels open now.
    public internal(set) var openChannels: Set<UInt16> = []
    var destroyed = false
    /// Confirm-mode channels and their bookkeeping.
    var confirms: [UInt16: ConfirmTracker] = [:]
    /// Deliveries read while waiting for something else (confirms), handed out first.
    var pendingEnvelopes: [AMQPEnvelope] = []
    var pendingHead = 0

    /// Connects (TCP, or TLS for `amqps`), logs in with the URL's user and password, opens the vhost.
    ///
    /// `options` defaults to ``AMQPConnectionOptions/init(url:)`` (the URL's query items over the defaults).
    /// Throws `socketError` when the broker cannot be reached, `timeout` when it does not answer in
    /// `connectTimeout`, `connectionClosed` with reply code 403 for bad credentials or a missing vhost.
    public init(url: AMQPURL, options: AMQPConnectionOptions? = nil) throws {
        let opts = try options ?? AMQPConnectionOptions(url: url)
        let target = "connect to \(url.host):\(url.port)"
        guard let state = amqp_new_connection() else {
            throw AMQPError(.library, "rabbitmq-c could not allocate a connection", context: target)
        }
        self.state = state
        self.url = url
        self.options = opts
        do {
            try open(target: target)
        } catch {
            destroy()
            throw error
        }
        isOpen = true
    }

    deinit {
        close()
    }

    private func open(target: String) throws {
        guard let socket = url.tls ? amqp_ssl_socket_new(state) : amqp_tcp_socket_new(state) else {
            throw AMQPError(.library, "rabbitmq-c could not create a socket", context: target)
        }
        let arena = CArena()
        if url.tls {
            let tls = options.tls
            amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer ? 1 : 0)
            amqp_ssl_socket_set_verify_hostname(socket, tls.verifyHostname ? 1 : 0)
            if let ca = tls.caCertificatePath {
                try check(status: amqp_ssl_socket_set_cacert(socket, arena.cString(ca)), "load CA file \(ca)")
            }
            if let cert = tls.clientCertificatePath {
                let key = tls.clientKeyPath ?? cert
                try check(
                    status: amqp_ssl_socket_set_key(socket, arena.cString(cert), arena.cString(key)),
                    "load client certificate \(cert)")
            }
        }
        let timeout = Self.milliseconds(options.connectTimeout)
        try check(
            status: crabbitmq_socket_open_ms(socket, arena.cString(url.host), Int32(url.port), timeout), target)
        try check(status: crabbitmq_set_handshake_timeout_ms(state, timeout), "set handshake timeout")
        try check(
            status: crabbitmq_set_rpc_timeout_ms(state, Self.milliseconds(options.rpcTimeout)),
            "set RPC timeout")
        // rabbitmq-c announces only authentication_failure_close and exchange_exchange_bindings: ask for
        // basic.cancel when a consumer's queue goes away, and for connection.blocked notices, too.
        var properties: [String: AMQPFieldValue] = [
            "product": "Stepline StepAMQP",
            "capabilities": .table([
                "consumer_cancel_notify": true, "connection.blocked": true, "basic.nack": true,
                "publisher_confirms": true,
            ]),
        ]
        if let name = options.connectionName { properties["connection_name"] = .string(name) }
        var table = try arena.table(properties)
        let reply = crabbitmq_login_plain(
            state, arena.cString(url.vhost), Int32(clamping: options.channelMax), Int32(clamping: options.frameMax),
            Int32(clamping: options.heartbeat), &table, arena.cString(url.user), arena.cString(url.password))
        try check(reply, "log in to vhost '\(url.vhost)' as '\(url.user)' at \(url.host):\(url.port)")
    }

    /// The heartbeat interval the broker agreed to, in seconds (0: none).
    public var heartbeat: Int { destroyed ? 0 : Int(amqp_get_heartbeat(state)) }
    /// The largest frame the broker agreed to, in bytes.
    public var frameMax: Int { destroyed ? 0 : Int(amqp_get_frame_max(state)) }
    /// The most channels the broker agreed to (0: no limit).
    public var channelMax: Int { destroyed ? 0 : Int(amqp_get_channel_max(state)) }
    /// The socket's file descriptor (-1 once closed).
    var socketFD: Int32 { destroyed ? -1 : amqp_get_sockfd(state) }
    /// Whether rabbitmq-c holds bytes or frames already read from the socket.
    var hasBufferedInput: Bool { !destroyed && (crabbitmq_has_buffered_input(state) != 0 || pendingHead < pendingEnvelopes.count) }

    /// Opens a channel (1 ... `channelMax`).
    public func openChannel(_ channel: UInt16) throws {
        try ensureOpen("channel.open")
        guard channel > 0 else { throw AMQPError(.invalidArgument, "channel 0 is the connection's own") }
        amqp_channel_open(state, channel)
        try checkRPC("channel.open", channel: channel)
        openChannels.insert(channel)
    }

    /// Closes a channel: its consumers stop, its unacknowledged deliveries go back to their queues.
    public func closeChannel(_ channel: UInt16) throws {
        guard openChannels.contains(channel) else { return }
        try ensureOpen("channel.close")
        openChannels.remove(channel)
        confirms[channel] = nil
        try check(amqp_channel_close(state, channel, AMQP_REPLY_SUCCESS), "channel.close", channel: channel)
    }

    /// Closes the connection politely (`connection.close`), then frees it. Safe to call more than once.
    public func close() {
        guard !destroyed else { return }
        if isOpen {
            isOpen = false
            _ = amqp_connection_close(state, AMQP_REPLY_SUCCESS)
        }
        destroy()
    }

    /// Frees the connection and its socket without a word to the broker.
    func destroy() {
        guard !destroyed else { return }
        destroyed = true
        isOpen = false
        openChannels.removeAll()
        _ = amqp_destroy_connection(state)
    }

    /// Shuts the socket down as if the network failed (the next read or write fails). For tests.
    func simulateNetworkFailure() {
        crabbitmq_shutdown_socket(socketFD)
    }

    func ensureOpen(_ context: String) throws {
        guard isOpen, !destroyed else {
            throw AMQPError(.connectionClosed, "the connection is closed", context: context)
        }
    }

    /// A duration in whole milliseconds for rabbitmq-c (at least 0, at most `Int32.max`).
    static func milliseconds(_ d: Duration) -> Int32 {
        let (seconds, attoseconds) = d.components
        guard seconds >= 0 else { return 0 }
        let ms = seconds.multipliedReportingOverflow(by: 1000)
        guard !ms.overflow else { return Int32.max }
        return Int32(clamping: ms.partialValue + attoseconds / 1_000_000_000_000_000)
    }
}

/// rabbitmq-c connections must stay on one thread: never send one elsewhere (use ``AMQPClient`` instead).
@available(*, unavailable)
extension AMQPConnection: Sendable {}
