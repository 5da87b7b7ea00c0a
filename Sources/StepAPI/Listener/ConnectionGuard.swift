import NIOCore

/// The first handler of every connection (after TLS), on its raw bytes: it admits the connection or
/// answers 503 and closes it, and it holds the one deadline the connection is under, moved on by
/// `RequestPhaseHandler` as a request arrives, is handled and is answered:
/// connecting or idle → the head must arrive (`headerTimeout` from its first byte, or from connecting);
/// head read → the body must arrive (`requestTimeout` from the first byte); request read → none while the
/// API works on it; answered → the next request must start within `idleTimeout`.
/// A connection that misses its deadline is closed: a slow client costs a descriptor for a bounded time
/// and never holds up another.
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum Phase {
        /// No request under way; the deadline is the header timeout (new) or the idle timeout (kept alive).
        case waiting
        case head
        case body
        case handling
    }

    private let limits: ListenerLimits
    private let counts: ConnectionCounts
    private var client: String?
    private var refused = false
    private var phase = Phase.waiting
    private var firstByte: NIODeadline = .now()
    private var deadline: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(limits: ListenerLimits, counts: ConnectionCounts) {
        self.limits = limits
        self.counts = counts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { admit(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
        release()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        release()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        if phase == .waiting {
            phase = .head
            firstByte = .now()
            arm(.now() + seconds(limits.headerTimeout))
        }
        context.fireChannelRead(data)
    }

    // MARK: moved on by RequestPhaseHandler

    func headReceived() {
        if phase == .waiting { firstByte = .now() }
        phase = .body
        arm(firstByte + seconds(limits.requestTimeout))
    }

    func requestReceived() {
        phase = .handling
        cancelDeadline()
    }

    func responseSent() {
        guard phase == .handling || phase == .body else { return }
        phase = .waiting
        arm(.now() + seconds(limits.idleTimeout))
    }

    // MARK: -

    private func admit(_ context: ChannelHandlerContext) {
        guard client == nil, !refused else { return }
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        guard counts.admit(address) else {
            refused = true
            ListenerMetrics.refused.increment()
            let body = #"{"__type":"ThrottlingException","message":"Too many connections: try again later"}"#
            var buffer = context.channel.allocator.buffer(capacity: 256)
            buffer.writeString(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/x-amz-json-1.0\r\n"
                    + "x-amzn-ErrorType: ThrottlingException\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
                    + body)
            context.writeAndFlush(NIOAny(buffer)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            return
        }
        client = address
        arm(.now() + seconds(limits.headerTimeout))
    }

    private func release() {
        guard let client else { return }
        self.client = nil
        counts.release(client)
    }

    private func arm(_ at: NIODeadline) {
        cancelDeadline()
        guard let context else { return }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) { [weak self] in
            guard let self, let context = self.context else { return }
            ListenerMetrics.timedOut.increment()
            context.close(promise: nil)
        }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }

    private func seconds(_ s: Double) -> TimeAmount { .nanoseconds(Int64(max(0, s) * 1e9)) }
}
