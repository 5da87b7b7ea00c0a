import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Sits after the HTTP codec and tells the connection's `ConnectionGuard` where its request is: head read,
/// whole request read, response written. A response that says `Connection: close` (a refused body) ends
/// the connection once written: output closed at once, the rest after a short linger, so that the client
/// reads the answer instead of a reset and an unread body is not read on.
final class RequestPhaseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a connection being closed after a refusal lingers with its output closed.
    static let linger: TimeAmount = .seconds(2)

    private var connectionGuard: ConnectionGuard?
    private var closeAfterResponse = false

    func handlerAdded(context: ChannelHandlerContext) {
        connectionGuard = try? context.pipeline.syncOperations.handler(type: ConnectionGuard.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: connectionGuard?.headReceived()
        case .body: break
        case .end: connectionGuard?.requestReceived()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.status.code >= 200 {
                closeAfterResponse = head.headerFields[values: .connection].contains { $0.lowercased() == "close" }
            }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            connectionGuard?.responseSent()
            guard closeAfterResponse else {
                context.write(data, promise: promise)
                return
            }
            closeAfterResponse = false
            let written = context.eventLoop.makePromise(of: Void.self)
            if let promise { written.futureResult.cascade(to: promise) }
            context.writeAndFlush(data, promise: written)
            let loop = context.eventLoop.assumeIsolated()
            written.futureResult.assumeIsolated().whenComplete { _ in
                context.close(mode: .output, promise: nil)
                _ = loop.scheduleTask(in: Self.linger) { context.close(promise: nil) }
            }
        }
    }
}
