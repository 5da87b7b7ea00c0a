import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// One connection's pipeline: TLS when configured, then `ConnectionGuard` on the raw bytes, then
/// HummingbirdCore's HTTP/1.1 channel (with `RequestPhaseHandler` after its codec).
struct GuardedHTTPChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http: HTTP1Channel
    let tls: NIOSSLContext?
    let limits: ListenerLimits
    let counts: ConnectionCounts

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            if let tls {
                try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
            }
            try channel.pipeline.syncOperations.addHandler(ConnectionGuard(limits: limits, counts: counts))
        }.flatMap {
            http.setup(channel: channel, logger: logger)
        }
    }

    /// Handles the connection on its own event loop (see `EventLoopTaskExecutor`).
    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await http.handle(value: value, logger: logger)
        }
    }
}
