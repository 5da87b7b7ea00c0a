extension ClientWorker {
    /// Sends the queued publish requests, in order.
    func sendUnsent(_ conn: AMQPConnection) throws {
        while !unsent.isEmpty {
            let request = unsent.removeFirst()
            try send(request, conn)
        }
    }

    /// Publishes one request's messages on the confirm-mode channel and records them as in flight (first,
    /// so that a failure half-way fails the request).
    private func send(_ request: PublishRequest, _ conn: AMQPConnection) throws {
        if publishChannel == 0 {
            let channel = try allocateChannel(conn)
            try conn.openChannel(channel)
            try conn.confirmSelect(channel: channel)
            publishChannel = channel
        }
        let published = conn.confirms[publishChannel]?.published ?? 0
        let mandatory = request.messages.filter(\.mandatory).map {
            ReturnKey(exchange: $0.exchange, routingKey: $0.routingKey, messageID: $0.properties.messageID)
        }
        inFlight.append(
            InFlight(
                first: published + 1, last: published + UInt64(request.messages.count),
                continuation: request.continuation, mandatory: mandatory))
        for (i, message) in request.messages.enumerated() {
            try conn.basicPublish(message, channel: publishChannel)
            // Read what the broker sent meanwhile, so that confirms never fill the socket buffers.
            if i % 256 == 255 {
                try pump(conn)
                settleConfirms(conn)
                if publishChannel == 0 { return }
            }
        }
    }

    /// Resumes the publishers whose messages the broker has settled.
    func settleConfirms(_ conn: AMQPConnection) {
        guard publishChannel != 0, var tracker = conn.confirms[publishChannel] else { return }
        for returned in tracker.returned { attribute(returned) }
        tracker.returned = []
        while inFlightHead < inFlight.count, tracker.settledThrough >= inFlight[inFlightHead].last {
            let group = inFlight[inFlightHead]
            inFlightHead += 1
            let nacked = tracker.takeNacked(in: group.first...group.last)
            if let first = group.returned.first {
                group.continuation.resume(
                    throwing: AMQPError(
                        .unroutable,
                        "\(group.returned.count) message(s) returned: \(first.replyText) (exchange '\(first.exchange)', "
                            + "routing key '\(first.routingKey)')", context: "publish", replyCode: first.replyCode))
            } else if !nacked.isEmpty {
                group.continuation.resume(
                    throwing: AMQPError(.nacked, "the broker refused \(nacked.count) message(s)", context: "publish"))
            } else {
                group.continuation.resume()
            }
        }
        compactInFlight()
        conn.confirms[publishChannel] = tracker
    }

    /// Gives a returned message to the first waiting request that published a matching mandatory message.
    private func attribute(_ returned: AMQPReturnedMessage) {
        let key = ReturnKey(exchange: returned.exchange, routingKey: returned.routingKey, messageID: returned.messageID)
        for i in inFlightHead..<inFlight.count where inFlight[i].mandatory.contains(key) {
            inFlight[i].returned.append(returned)
            return
        }
    }

    /// Fails every request waiting for confirms (the channel or connection they were sent on is gone).
    func failInFlight(_ error: AMQPError) {
        for group in inFlight[inFlightHead...] { group.continuation.resume(throwing: error) }
        inFlight.removeAll()
        inFlightHead = 0
    }

    private func compactInFlight() {
        if inFlightHead == inFlight.count {
            inFlight.removeAll(keepingCapacity: true)
            inFlightHead = 0
        } else if inFlightHead > 1024 {
            inFlight.removeFirst(inFlightHead)
            inFlightHead = 0
        }
    }

    /// Fails the queued publishes that have waited longer than the policy allows for a connection.
    func expireUnsent() {
        let now = ContinuousClock.now
        let wait = config.policy.publishWait
        guard let oldest = unsent.first, now - oldest.enqueued >= wait else { return }
        let last = lastError.map { "; last error: \($0)" } ?? ""
        let error = AMQPError(.timeout, "no connection to the broker within \(wait)\(last)", context: "publish")
        unsent.removeAll { request in
            guard now - request.enqueued >= wait else { return false }
            request.continuation.resume(throwing: error)
            return true
        }
    }
}
