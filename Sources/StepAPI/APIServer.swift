import CoreMetrics
import FlyingFox
import FlyingSocks
import Foundation
import Logging
import StepAuth
import Synchronization

/// The HTTP endpoint of the API (`stepline serve --api 127.0.0.1:8083`): AWS's Step Functions JSON protocol
/// on `POST /` and the Lambda API under `/2015-03-31/functions`, one listener for both, so that
/// `aws stepfunctions … --endpoint-url URL` and `aws lambda … --endpoint-url URL` both work.
/// Requests are not signed-checked: the listener is meant for loopback or a trusted network.
public final class APIServer: Sendable {
    let server: HTTPServer
    public let host: String
    public let port: UInt16

    public init(
        host: String, port: UInt16, stepFunctions: StepFunctionsAPI?, lambda: LambdaAPI?, operations: OperationsRoutes? = nil,
        access: APIAccess? = nil, log: @escaping @Sendable (String) -> Void
    ) throws {
        self.host = host
        self.port = port
        let address: any SocketAddress = host.contains(":") ? try sockaddr_in6.inet6(ip6: host, port: port) : try sockaddr_in.inet(ip4: host, port: port)
        let handler = APIRequestHandler(
            stepFunctions: stepFunctions, lambda: lambda, operations: operations, access: access, log: log)
        // Long polls (GetActivityTask holds a request 60 s) need a longer idle timeout than the default 15 s.
        server = HTTPServer(
            config: HTTPServer.Configuration(
                address: address, timeout: 120, sharedRequestReplaySize: 64 * 1024 * 1024, logger: .disabled),
            handler: handler)
    }

    /// Listens until the task is cancelled.
    public func run() async throws {
        try await server.run()
    }

    /// Waits until the socket is listening, then sets TCP_NODELAY on it (see `ListeningSocket`).
    public func waitUntilListening() async throws {
        try await server.waitUntilListening()
        ListeningSocket.disableNagle(port: port)
    }

    public func stop() async {
        await server.stop(timeout: 1)
    }
}

/// What an operator reads over HTTP: `GET /metrics` (Prometheus' text format) and `GET /status` (JSON),
/// served on the API's port and on the `metrics` address.
public struct OperationsRoutes: Sendable {
    public var metrics: @Sendable () async -> String
    public var status: @Sendable () async -> String

    public init(metrics: @escaping @Sendable () async -> String, status: @escaping @Sendable () async -> String) {
        self.metrics = metrics
        self.status = status
    }

    func answer(_ method: String, _ path: String) async -> APIResponse? {
        guard method == "GET" || method == "HEAD" else { return nil }
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        switch bare {
        case "/metrics":
            return APIResponse(
                status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")], body: Array(await metrics().utf8))
        case "/status":
            return APIResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(await status().utf8))
        default:
            return nil
        }
    }
}

/// Routes a request to the Step Functions or the Lambda API, or to the operator's routes.
struct APIRequestHandler: HTTPHandler {
    let stepFunctions: StepFunctionsAPI?
    let lambda: LambdaAPI?
    let operations: OperationsRoutes?
    /// `nil` only for the operator's own listener (`metrics:`), which serves /metrics and /status unsigned.
    let access: APIAccess?
    let log: @Sendable (String) -> Void

    static let requests = APIRequestCounters()
    static let audit = Logger(label: "stepline.audit")

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = [UInt8](try await request.bodyData)
        let answer: APIResponse
        var action = "unknown"
        if let access, let refused = check(request, body: body, access: access) {
            answer = refused.response
            action = refused.action
        } else if let operations, let routed = await operations.answer(request.method.rawValue, request.path) {
            answer = routed
            action = String(request.path.dropFirst())
        } else if request.path.hasPrefix(LambdaAPI.prefix), let lambda {
            var headers: [String: String] = [:]
            for (k, v) in request.headers { headers[k.rawValue.lowercased()] = v }
            answer = await lambda.handle(method: request.method.rawValue, path: request.path, headers: headers, body: body)
            action = "lambda:" + request.method.rawValue
        } else if request.method == .POST, let target = request.headers[HTTPHeader("X-Amz-Target")], let stepFunctions {
            answer = await stepFunctions.handle(target: target, body: body)
            action = target.split(separator: ".").last.map(String.init) ?? target
        } else {
            answer = APIResponse.json(
                ["__type": "UnknownOperationException", "message": .string("No API at \(request.method.rawValue) \(request.path)")],
                status: 404)
        }
        if answer.status >= 500 { log("\(request.method.rawValue) \(request.path): HTTP \(answer.status)") }
        Self.requests.count(action: action, status: answer.status)
        var headers = HTTPHeaders()
        for (k, v) in answer.headers { headers.addValue(v, for: HTTPHeader(k)) }
        headers[HTTPHeader("x-amzn-RequestId")] = UUID().uuidString.lowercased()
        return HTTPResponse(
            statusCode: HTTPStatusCode(answer.status, phrase: Self.phrase(answer.status)), headers: headers,
            body: Data(answer.body))
    }

    /// A refused request: its answer and the action it asked for.
    struct Refused {
        var response: APIResponse
        var action: String
    }

    /// Verifies the signature and the key's permission before anything acts on the request; `nil` lets it through.
    func check(_ request: HTTPRequest, body: [UInt8], access: APIAccess) -> Refused? {
        let method = request.method.rawValue
        let isLambda = request.path.hasPrefix(LambdaAPI.prefix)
        let (iamAction, resource): (String, String)
        if isLambda {
            (iamAction, resource) = access.rules.lambda(method: method, path: request.path, body: body)
        } else if request.path == "/metrics" || request.path == "/status" {
            (iamAction, resource) = (request.path == "/metrics" ? "stepline:GetMetrics" : "stepline:GetStatus", "*")
        } else if let target = request.headers[HTTPHeader("X-Amz-Target")] {
            (iamAction, resource) = access.rules.stepFunctions(target: target, body: body)
        } else {
            (iamAction, resource) = ("unknown", "*")
        }
        let name = String(iamAction.split(separator: ":").last ?? "")
        let status = isLambda ? 403 : 400
        func refuse(_ error: String, _ message: String, _ code: Int? = nil) -> Refused {
            Refused(response: APIResponse.json(["__type": .string(error), "message": .string(message)], status: code ?? status)
                .withHeader("x-amzn-ErrorType", error), action: name)
        }
        guard let authenticator = access.authenticator else {
            if isLambda, !access.allowUpload, name == "CreateFunction" || name == "UpdateFunctionCode" {
                return refuse("AccessDeniedException", Self.uploadOff, 403)
            }
            return nil
        }
        var headers: [(name: String, value: String)] = []
        for (k, v) in request.headers { headers.append((k.rawValue, v)) }
        let signed = SigV4Request(
            method: method, path: request.target.path(), query: request.target.query(), headers: headers, body: body)
        let key: CredentialsFile.Key
        switch authenticator.authenticate(signed, service: isLambda ? "lambda" : "states", region: access.rules.region) {
        case .failure(let refusal):
            return refuse(refusal.name, refusal.message)
        case .success(let k):
            key = k
        }
        var outcome = "allowed"
        defer {
            if !AccessRules.isReadOnly(iamAction) {
                Self.audit.notice(
                    "api call",
                    metadata: [
                        "key": .string(key.accessKey), "user": .string(authenticator.userArn(key)), "action": .string(iamAction),
                        "resource": .string(resource), "result": .string(outcome),
                    ])
            }
        }
        if let denied = authenticator.authorize(key, action: iamAction, resource: resource) {
            outcome = "denied"
            return refuse(denied.name, denied.message)
        }
        if isLambda, !access.allowUpload, name == "CreateFunction" || name == "UpdateFunctionCode" {
            outcome = "denied: uploads off"
            return refuse("AccessDeniedException", Self.uploadOff, 403)
        }
        return nil
    }

    static let uploadOff =
        "Function code upload is turned off on this service: it would run as the service's user. Set lambda.allowUpload: true in its configuration to allow it."

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 403: return "Forbidden"
        case 409: return "Conflict"
        default: return status >= 500 ? "Internal Server Error" : "Error"
        }
    }
}

/// `stepline_api_requests_total{action, status}`, one handle per pair seen.
final class APIRequestCounters: Sendable {
    let handles = Mutex<[String: Counter]>([:])

    func count(action: String, status: Int) {
        let key = "\(action) \(status)"
        let counter = handles.withLock { h -> Counter in
            if let c = h[key] { return c }
            let c = Counter(label: "stepline_api_requests_total", dimensions: [("action", action), ("status", String(status))])
            h[key] = c
            return c
        }
        counter.increment()
    }
}

/// FlyingFox writes a response's head and body in two writes; with Nagle's algorithm on, the body waits for
/// the client's delayed ACK of the head (40 ms on Linux) on every kept-alive call. FlyingFox gives no hook on
/// its sockets, so this finds the listening socket by its port and sets TCP_NODELAY there, which Linux
/// copies to every connection it accepts. (A stopgap until the HTTP stack is replaced.)
enum ListeningSocket {
    static func disableNagle(port: UInt16) {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        for fd in Int32(3)..<Int32(min(UInt64(limit.rlim_cur), 65536)) {
            var listening: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0, listening == 1 else { continue }
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let found = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard found == 0 else { continue }
            let bound: UInt16
            switch Int32(address.ss_family) {
            case AF_INET: bound = withUnsafeBytes(of: &address) { $0.load(as: sockaddr_in.self).sin_port.bigEndian }
            case AF_INET6: bound = withUnsafeBytes(of: &address) { $0.load(as: sockaddr_in6.self).sin6_port.bigEndian }
            default: continue
            }
            guard bound == port else { continue }
            var on: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
    }
}
