extension ClientWorker {
    /// One connection attempt: connect, declare the topology, open the confirm-mode publishing channel,
    /// subscribe every consumer again. On failure, schedules the next attempt.
    func attemptConnect() {
        let conn: AMQPConnection
        do {
            conn = try AMQPConnection(url: config.url, options: config.options)
        } catch {
            connectFailed(error)
            return
        }
        do {
            lastChannel = 0
            let channel = try allocateChannel(conn)
            try conn.openChannel(channel)
            try conn.declare(config.topology, channel: channel)
            try conn.confirmSelect(channel: channel)
            publishChannel = channel
        } catch {
            conn.close()
            connectFailed(error)
            return
        }
        connection = conn
        generation += 1
        inbox.connectionStarted(generation: generation)
        delay = config.policy.initialDelay
        lastInbound = .now
        lastError = nil
        for waiter in connectWaiters { waiter.resume() }
        connectWaiters = []
        do {
            for id in consumers.keys.sorted() { try subscribe(id, conn) }
        } catch {
            fail(error)
        }
    }

    private func connectFailed(_ error: any Error) {
        let e = Self.amqpError(error)
        lastError = e
        for waiter in connectWaiters { waiter.resume(throwing: e) }
        connectWaiters = []
        scheduleRetry()
    }

    private func scheduleRetry() {
        nextAttempt = .now + config.policy.jittered(delay)
        delay = config.policy.next(after: delay)
    }

    /// Routes a failure: a closed channel or cancelled consumer affects that channel only; anything else
    /// ends the connection (a new one follows after the back-off).
    func fail(_ error: any Error) {
        let e = Self.amqpError(error)
        switch e.code {
        case .channelClosed, .consumerCancelled:
            if let channel = e.channel, channel != 0, connection != nil {
                channelLost(channel, e)
            } else {
                connectionLost(e)
            }
        case .invalidArgument, .staleDelivery, .nacked, .unroutable, .closed, .invalidURL:
            break
        case .connectionClosed, .socketError, .timeout, .library:
            connectionLost(e)
        }
    }

    private func channelLost(_ channel: UInt16, _ error: AMQPError) {
        if channel == publishChannel {
            publishChannel = 0
            failInFlight(error)
        }
        guard let id = consumerByChannel.removeValue(forKey: channel),
            let consumer = consumers.removeValue(forKey: id)
        else { return }
        inbox.subscriptionEnded(id)
        consumer.continuation.finish(throwing: error)
        if error.code == .consumerCancelled, let conn = connection {
            if consumer.window.hasQueued {
                var window = consumer.window
                for frame in window.flush() {
                    do { try conn.basicAck(frame.tag, multiple: frame.multiple, channel: channel) } catch { break }
                }
            }
            // The channel is still open: close it so that its unsettled deliveries go back to the queue.
            do { try conn.closeChannel(channel) } catch { fail(error) }
        }
    }

    private func connectionLost(_ error: AMQPError) {
        connection?.destroy()
        connection = nil
        inbox.connectionEnded()
        publishChannel = 0
        consumerByChannel.removeAll()
        for id in Array(consumers.keys) { consumers[id]?.channel = 0 }
        failInFlight(error)
        lastError = error
        scheduleRetry()
    }

    /// The next free channel number, cycling through 1 ... the negotiated maximum.
    func allocateChannel(_ conn: AMQPConnection) throws -> UInt16 {
        let maxChannel = conn.channelMax > 0 ? min(conn.channelMax, Int(UInt16.max)) : 2047
        for _ in 0..<maxChannel {
            lastChannel = Int(lastChannel) >= maxChannel ? 1 : lastChannel + 1
            if !conn.openChannels.contains(lastChannel) { return lastChannel }
        }
        throw AMQPError(.invalidArgument, "all \(maxChannel) channels are in use", context: "channel.open")
    }

    static func amqpError(_ error: any Error) -> AMQPError {
        error as? AMQPError ?? AMQPError(.library, String(describing: error))
    }
}

extension ClientWorker {
    /// Adds a queue to the topology (so each later connection declares it) and, when connected, declares it
    /// now on a channel of its own: a refusal (406, a queue of that name with other arguments) closes only
    /// that channel, and the queue is not kept for later connections.
    func declare(_ queue: AMQPQueue, _ continuation: CheckedContinuation<Void, any Error>) {
        let known = config.topology.queues.contains { $0.name == queue.name }
        guard let conn = connection else {
            if !known { config.topology.queues.append(queue) }
            continuation.resume()
            return
        }
        if known {
            continuation.resume()
            return
        }
        do {
            let channel = try allocateChannel(conn)
            try conn.openChannel(channel)
            defer { try? conn.closeChannel(channel) }
            _ = try conn.queueDeclare(queue, channel: channel)
            config.topology.queues.append(queue)
            continuation.resume()
        } catch {
            continuation.resume(throwing: error)
        }
    }
}
