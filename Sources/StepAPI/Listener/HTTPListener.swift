import Foundation
import HTTPTypes
import HummingbirdCore
import Logging
import StepAuth
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One request as the API's handlers see it: its method, its path and query exactly as sent (for
/// signatures) and its path decoded (for routing), its headers in order, its whole body.
struct ListenerRequest: Sendable {
    var method: String
    /// The path as sent, percent-encoded, without the query.
    var rawPath: String
    /// The query as sent, without `?` ("" when there is none).
    var query: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The path percent-decoded.
    var path: String { rawPath.removingPercentEncoding ?? rawPath }

    /// The first header called `name` (any case).
    func header(_ name: String) -> String? {
        headers.first { SigV4Request.sameName($0.name, name) }?.value
    }
}

/// An HTTP/1.1 listener on SwiftNIO (HummingbirdCore's server, optionally with TLS) that holds every
/// connection to `ListenerLimits` and hands each whole request to `respond`.
final class HTTPListener: Sendable {
    private let server: Server<GuardedHTTPChannel>
    private let state = ListenerState()
    let counts: ConnectionCounts
    /// The bytes of the bodies being received now, on all connections.
    let budget: BodyBudget

    init(
        host: String, port: Int, limits requested: ListenerLimits, tls: ListenerTLS?,
        bodyLimit: @escaping @Sendable (_ method: String, _ path: String) -> Int,
        respond: @escaping @Sendable (ListenerRequest) async -> APIResponse
    ) throws {
        let limits = requested.effective
        let counts = ConnectionCounts(maxTotal: limits.maxConnections, maxPerClient: limits.maxConnectionsPerClient)
        self.counts = counts
        let configuration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestPhaseHandler()],
            idleTimeout: nil,
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: limits.maxHeaderFieldBytes, maxHeaderListSize: limits.maxHeaderBytes,
                maxHeaderFieldCount: limits.maxHeaderFields))
        let budget = BodyBudget(limit: limits.maxBufferedBodyBytes)
        self.budget = budget
        let http = HTTP1Channel(
            responder: Self.responder(bodyLimit: bodyLimit, budget: budget, respond: respond), configuration: configuration)
        let sslContext = try tls.map { try NIOSSLContext(configuration: $0.configuration) }
        let state = self.state
        var logger = Logger(label: "stepline.api.listener")
        logger.logLevel = .warning
        server = Server(
            childChannelSetup: GuardedHTTPChannel(http: http, tls: sslContext, limits: limits, counts: counts),
            configuration: ServerConfiguration(address: .hostname(host, port: port), backlog: 1024, reuseAddress: true),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port
                state.withLock { $0.port = bound }
            },
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger)
    }

    /// Serves until stopped or cancelled.
    func run() async throws {
        do {
            try await server.run()
        } catch {
            state.withLock { $0.failure = "\(error)" }
            throw error
        }
    }

    /// The port once listening (the one asked for, or the one the system chose for 0).
    var port: Int? { state.withLock { $0.port } }

    /// Waits until the socket listens; throws what stopped it if it could not (the address is in use…).
    func waitUntilListening(timeout: Double = 10) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let (port, failure) = state.withLock { ($0.port, $0.failure) }
            if port != nil { return }
            if let failure { throw ListenerStartError(reason: failure) }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        throw ListenerStartError(reason: "not listening after \(Int(timeout)) s")
    }

    /// Stops accepting, closes idle connections and lets requests in hand be answered, for up to `grace`.
    func stop(grace: Duration = .seconds(1)) async {
        let server = self.server
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await server.shutdownGracefully() }
            group.addTask { try? await Task.sleep(for: grace) }
            await group.next()
            group.cancelAll()
        }
    }

    // MARK: requests

    static func responder(
        bodyLimit: @escaping @Sendable (String, String) -> Int, budget: BodyBudget,
        respond: @escaping @Sendable (ListenerRequest) async -> APIResponse
    ) -> HTTPChannelHandler.Responder {
        { (request: Request, writer: consuming ResponseWriter, _: any Channel) async throws in
            let method = request.method.rawValue
            let target = request.head.path ?? "/"
            let (rawPath, query): (String, String)
            if let q = target.firstIndex(of: "?") {
                (rawPath, query) = (String(target[..<q]), String(target[target.index(after: q)...]))
            } else {
                (rawPath, query) = (target, "")
            }
            let limit = bodyLimit(method, rawPath.removingPercentEncoding ?? rawPath)
            let collected = try await collectBody(request, limit: limit, budget: budget)
            defer { budget.giveBack(collected.held) }
            let answer: APIResponse
            if collected.refusal == .tooLarge {
                answer = Self.tooLarge(limit)
            } else if collected.refusal == .budgetSpent {
                answer = Self.budgetSpent()
            } else {
                let body = collected.body
                var headers: [(name: String, value: String)] = []
                headers.reserveCapacity(request.headers.count + 1)
                if let host = request.head.authority { headers.append((name: "Host", value: host)) }
                for field in request.headers { headers.append((name: field.name.rawName, value: field.value)) }
                answer = await respond(
                    ListenerRequest(method: method, rawPath: rawPath, query: query, headers: headers, body: Array(buffer: body)))
            }
            var fields = HTTPFields()
            fields.reserveCapacity(answer.headers.count + 1)
            for (name, value) in answer.headers {
                if let n = HTTPField.Name(name) { fields.append(HTTPField(name: n, value: value)) }
            }
            fields[.contentLength] = String(answer.body.count)
            let head = HTTPResponse(
                status: .init(code: answer.status, reasonPhrase: APIRequestHandler.phrase(answer.status)), headerFields: fields)
            if request.method == .head || answer.body.isEmpty {
                try await writer.write(response: head, body: ResponseBody())
            } else {
                try await writer.write(response: head, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
            }
        }
    }

    /// A request's body as received, or why it was not read on; `held`: the bytes it took from the budget
    /// (given back once the request is answered).
    struct CollectedBody {
        enum Refusal { case tooLarge, budgetSpent }
        var body = ByteBuffer()
        var refusal: Refusal?
        var held = 0
    }

    /// Reads the body while it stays within `limit` and the listener's budget. A declared `Content-Length`
    /// is checked, and taken from the budget, before a byte is read; a chunked body as it arrives.
    static func collectBody(_ request: Request, limit: Int, budget: BodyBudget) async throws -> CollectedBody {
        var collected = CollectedBody()
        if let declared = request.headers[.contentLength], let length = Int(declared) {
            guard length <= limit else {
                collected.refusal = .tooLarge
                return collected
            }
            guard budget.take(length) else {
                collected.refusal = .budgetSpent
                return collected
            }
            collected.held = length
        }
        for try await chunk in request.body {
            let size = collected.body.readableBytes + chunk.readableBytes
            guard size <= limit else {
                collected.refusal = .tooLarge
                return collected
            }
            if size > collected.held {
                guard budget.take(size - collected.held) else {
                    collected.refusal = .budgetSpent
                    return collected
                }
                collected.held = size
            }
            var chunk = chunk
            collected.body.writeBuffer(&chunk)
        }
        return collected
    }

    /// 503 when the bodies being received at once would pass `maxBufferedBodyBytes`, with `Connection: close`
    /// (its body is not read on).
    static func budgetSpent() -> APIResponse {
        ListenerMetrics.throttledBodies.increment()
        return APIResponse.json(
            ["__type": "ThrottlingException", "message": "Too many requests being received at once: try again later"],
            status: 503
        ).withHeader("x-amzn-ErrorType", "ThrottlingException").withHeader("Connection", "close")
    }

    /// 413, with `Connection: close` so that `RequestPhaseHandler` ends the connection (its body is not read on).
    static func tooLarge(_ limit: Int) -> APIResponse {
        ListenerMetrics.tooLarge.increment()
        return APIResponse.json(
            ["__type": "RequestEntityTooLargeException", "message": .string("Request must be smaller than \(limit) bytes")],
            status: 413
        ).withHeader("x-amzn-ErrorType", "RequestEntityTooLargeException").withHeader("Connection", "close")
    }
}

/// Whether the listener is listening (and on which port), or why it stopped.
final class ListenerState: Sendable {
    private let value = Mutex<(port: Int?, failure: String?)>((nil, nil))

    func withLock<T>(_ body: (inout (port: Int?, failure: String?)) -> T) -> T {
        value.withLock { body(&$0) }
    }
}

/// Why a listener did not start.
struct ListenerStartError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
