internal import CRabbitMQ

/// The I/O thread of an ``AMQPClient``: owns the one ``AMQPConnection`` and every piece of state about it.
///
/// Created, run and dropped on that thread only (so it needs no locks); the rest of the world reaches it
/// through the ``ClientInbox``. The loop: take commands, (re)connect when needed, send queued publishes,
/// read what the broker sent (deliveries go to their streams, confirms resume their publishers), then sleep
/// in poll(2) on the socket and the inbox's wake-up pipe.
final class ClientWorker {
    /// What the client was made with.
    struct Config: Sendable {
        var url: AMQPURL
        var options: AMQPConnectionOptions
        var topology: AMQPTopology
        var policy: AMQPReconnectPolicy
    }

    /// A subscription; `channel` is 0 while it has none on the current connection.
    struct Consumer {
        var queue: String
        var prefetch: UInt16
        var continuation: AsyncThrowingStream<AMQPDelivery, any Error>.Continuation
        var channel: UInt16 = 0
        var tag = ""
        /// Unsettled deliveries on `channel`.
        var window = AckWindow()
    }

    /// Identifies a `mandatory` message, to match a `basic.return` with its publish.
    struct ReturnKey: Equatable {
        var exchange: String
        var routingKey: String
        var messageID: String?
    }

    /// A publish request sent on the publishing channel: sequence numbers `first...last`.
    struct InFlight {
        var first: UInt64
        var last: UInt64
        var continuation: CheckedContinuation<Void, any Error>
        var mandatory: [ReturnKey]
        var returned: [AMQPReturnedMessage] = []
    }

    /// What the client was made with, and the queues declared since (declared again on each connection).
    var config: Config
    let inbox: ClientInbox
    var connection: AMQPConnection?
    var generation = 0
    var publishChannel: UInt16 = 0
    var lastChannel: UInt16 = 0
    var unsent: [PublishRequest] = []
    var inFlight: [InFlight] = []
    var inFlightHead = 0
    var consumers: [Int: Consumer] = [:]
    var consumerByChannel: [UInt16: Int] = [:]
    /// Subscriptions with acknowledgements queued by the current batch of commands.
    var acksToFlush: Set<Int> = []
    var connectWaiters: [CheckedContinuation<Void, any Error>] = []
    var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    var delay: Duration
    var nextAttempt = ContinuousClock.now
    var lastError: AMQPError?
    var lastInbound = ContinuousClock.now
    var running = true

    init(config: Config, inbox: ClientInbox) {
        self.config = config
        self.inbox = inbox
        delay = config.policy.initialDelay
    }

    /// The thread's body: returns after a shutdown command (or when the client was dropped).
    func run() {
        while running {
            for command in inbox.take() { handle(command) }
            flushAcks()
            guard running else { break }
            if connection == nil {
                expireUnsent()
                if ContinuousClock.now >= nextAttempt { attemptConnect() }
                if connection == nil {
                    idle()
                    continue
                }
            }
            guard let conn = connection else { continue }
            do {
                try sendUnsent(conn)
                try pump(conn)
                settleConfirms(conn)
                if !conn.hasBufferedInput && !inbox.hasCommands { try waitForInput(conn) }
            } catch {
                fail(error)
            }
        }
        finish()
    }

    private func handle(_ command: ClientCommand) {
        switch command {
        case .publish(let request):
            unsent.append(request)
        case .consume(let id, let queue, let prefetch, let continuation):
            consumers[id] = Consumer(queue: queue, prefetch: prefetch, continuation: continuation)
            if let conn = connection {
                do { try subscribe(id, conn) } catch { fail(error) }
            }
        case .cancel(let id):
            cancelConsumer(id)
        case .settle(let delivery, let how):
            settle(delivery, how)
        case .declare(let queue, let continuation):
            declare(queue, continuation)
        case .waitConnected(let continuation):
            if connection != nil {
                continuation.resume()
            } else {
                connectWaiters.append(continuation)
                nextAttempt = min(nextAttempt, .now)
            }
        case .breakConnection:
            connection?.simulateNetworkFailure()
        case .ping(let continuation):
            continuation.resume(returning: connection != nil)
        case .shutdown(let continuation):
            running = false
            if let continuation { shutdownWaiters.append(continuation) }
        }
    }

    /// Reads every frame already available (at most 512 at a time, so that commands are not starved).
    func pump(_ conn: AMQPConnection) throws {
        for _ in 0..<512 {
            if let envelope = conn.takePending() {
                dispatch(envelope)
                continue
            }
            switch try conn.readOne(until: .now) {
            case .delivery(let envelope):
                lastInbound = .now
                dispatch(envelope)
            case .handled:
                lastInbound = .now
            case .timeout:
                return
            }
        }
    }

    /// Sleeps until the socket or the inbox has something, or it is time to heartbeat.
    private func waitForInput(_ conn: AMQPConnection) throws {
        let heartbeat = conn.heartbeat
        var ms: Int32 = heartbeat > 0 ? Int32(min(1000, heartbeat * 250)) : 1000
        if inbox.wakeRead < 0 { ms = min(ms, 10) }
        let ready = crabbitmq_poll2(conn.socketFD, inbox.wakeRead, ms)
        if ready > 0 && ready & 2 != 0 { inbox.drainWakeups() }
        if ready > 0 && ready & 1 != 0 { lastInbound = .now }
        if heartbeat > 0 && ContinuousClock.now - lastInbound > .seconds(2 * heartbeat) {
            throw AMQPError(
                .timeout, "no heartbeat or data from the broker for \(2 * heartbeat) s", context: "heartbeat")
        }
    }

    /// Sleeps while disconnected: until the next attempt, a command, or a publish's deadline (1 s at most).
    private func idle() {
        var until = nextAttempt
        if let oldest = unsent.first { until = min(until, oldest.enqueued + config.policy.publishWait) }
        let now = ContinuousClock.now
        var ms = until > now ? max(1, AMQPConnection.milliseconds(until - now)) : 0
        ms = min(ms, inbox.wakeRead < 0 ? 10 : 1000)
        let ready = crabbitmq_poll2(-1, inbox.wakeRead, ms)
        if ready > 0 && ready & 2 != 0 { inbox.drainWakeups() }
    }

    /// Shutdown: waits a little for outstanding confirms, then fails or ends everything still waiting.
    private func finish() {
        let leftovers = inbox.close()
        if let conn = connection {
            let deadline = ContinuousClock.now + .seconds(5)
            do {
                try sendUnsent(conn)
                while inFlightHead < inFlight.count, ContinuousClock.now < deadline {
                    _ = try conn.readOne(until: deadline)
                    settleConfirms(conn)
                }
            } catch {
                // The connection failed while closing: what is still waiting fails below.
            }
        }
        let closed = AMQPClient.closedError
        for command in leftovers {
            switch command {
            case .publish(let request): request.continuation.resume(throwing: closed)
            case .consume(_, _, _, let continuation): continuation.finish(throwing: closed)
            case .waitConnected(let continuation): continuation.resume(throwing: closed)
            case .declare(_, let continuation): continuation.resume(throwing: closed)
            case .ping(let continuation): continuation.resume(returning: false)
            case .shutdown(let continuation?): shutdownWaiters.append(continuation)
            case .settle, .cancel, .breakConnection, .shutdown(nil): break
            }
        }
        for request in unsent { request.continuation.resume(throwing: closed) }
        unsent = []
        failInFlight(closed)
        for consumer in consumers.values { consumer.continuation.finish() }
        consumers = [:]
        for waiter in connectWaiters { waiter.resume(throwing: closed) }
        connectWaiters = []
        connection?.close()
        connection = nil
        for waiter in shutdownWaiters { waiter.resume() }
        shutdownWaiters = []
    }
}
