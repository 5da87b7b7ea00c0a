import CoreMetrics
import Foundation
import Logging
import StepAuth
import Synchronization

/// The HTTP endpoint of the API (`stepline serve --api 127.0.0.1:8083`): AWS's Step Functions JSON protocol
/// on `POST /` and the Lambda API under `/2015-03-31/functions`, one listener for both, so that
/// `aws stepfunctions … --endpoint-url URL` and `aws lambda … --endpoint-url URL` both work. Every request
/// is checked by `APIAccess` (SigV4 and the key's policy) before anything acts on it; the listener holds
/// each connection to its `ListenerLimits`.
public final class APIServer: Sendable {
    let listener: HTTPListener
    public let host: String
    public let port: UInt16

    public init(
        host: String, port: UInt16, stepFunctions: StepFunctionsAPI?, lambda: LambdaAPI?, operations: OperationsRoutes? = nil,
        access: APIAccess? = nil, limits: ListenerLimits = ListenerLimits(), tls: ListenerTLS? = nil,
        log: @escaping @Sendable (String) -> Void
    ) throws {
        self.host = host
        self.port = port
        let handler = APIRequestHandler(
            stepFunctions: stepFunctions, lambda: lambda, operations: operations, access: access, log: log)
        let uploads = access?.allowUpload ?? false
        listener = try HTTPListener(
            host: host, port: Int(port), limits: limits, tls: tls,
            bodyLimit: { method, path in
                // Code uploads (CreateFunction, UpdateFunctionCode) may be larger, when they are allowed at all.
                uploads && path.hasPrefix(LambdaAPI.prefix) && (method == "POST" || method == "PUT")
                    ? max(limits.maxUploadBytes, limits.maxBodyBytes) : limits.maxBodyBytes
            },
            respond: { await handler.handle($0) })
    }

    /// Listens until stopped or cancelled.
    public func run() async throws {
        try await listener.run()
    }

    /// Waits until the socket is listening (or throws why it could not).
    public func waitUntilListening() async throws {
        try await listener.waitUntilListening()
    }

    /// The port listened on (the system's choice when 0 was asked for).
    public var boundPort: Int? { listener.port }

    /// Connections open now.
    public var openConnections: Int { listener.counts.open }

    public func stop() async {
        await listener.stop()
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
struct APIRequestHandler: Sendable {
    let stepFunctions: StepFunctionsAPI?
    let lambda: LambdaAPI?
    let operations: OperationsRoutes?
    /// `nil` only for the operator's own listener (`metrics:`), which serves /metrics and /status unsigned.
    let access: APIAccess?
    let log: @Sendable (String) -> Void

    static let requests = APIRequestCounters()
    static let audit = Logger(label: "stepline.audit")

    func handle(_ request: ListenerRequest) async -> APIResponse {
        let body = request.body
        let path = request.path
        var answer: APIResponse
        var action = "unknown"
        if let access, let refused = check(request, access: access) {
            answer = refused.response
            action = refused.action
        } else if let operations, let routed = await operations.answer(request.method, path) {
            answer = routed
            action = String(path.dropFirst())
        } else if path.hasPrefix(LambdaAPI.prefix), let lambda {
            var headers: [String: String] = [:]
            for (k, v) in request.headers { headers[k.lowercased()] = v }
            answer = await lambda.handle(method: request.method, path: path, headers: headers, body: body)
            action = "lambda:" + request.method
        } else if request.method == "POST", let target = request.header("X-Amz-Target"), let stepFunctions {
            answer = await stepFunctions.handle(target: target, body: body)
            action = target.split(separator: ".").last.map(String.init) ?? target
        } else {
            answer = APIResponse.json(
                ["__type": "UnknownOperationException", "message": .string("No API at \(request.method) \(path)")],
                status: 404)
        }
        if answer.status >= 500 { log("\(request.method) \(path): HTTP \(answer.status)") }
        Self.requests.count(action: action, status: answer.status)
        answer.headers.append(("x-amzn-RequestId", UUID().uuidString.lowercased()))
        return answer
    }

    /// A refused request: its answer and the action it asked for.
    struct Refused {
        var response: APIResponse
        var action: String
    }

    /// Verifies the signature and the key's permission before anything acts on the request; `nil` lets it through.
    func check(_ request: ListenerRequest, access: APIAccess) -> Refused? {
        let method = request.method
        let body = request.body
        let path = request.path
        let isLambda = path.hasPrefix(LambdaAPI.prefix)
        let (iamAction, resource): (String, String)
        if isLambda {
            (iamAction, resource) = access.rules.lambda(method: method, path: path, body: body)
        } else if path == "/metrics" || path == "/status" {
            (iamAction, resource) = (path == "/metrics" ? "stepline:GetMetrics" : "stepline:GetStatus", "*")
        } else if let target = request.header("X-Amz-Target") {
            (iamAction, resource) = access.rules.stepFunctions(target: target, body: body)
        } else {
            (iamAction, resource) = ("unknown", "*")
        }
        let name = String(iamAction.split(separator: ":").last ?? "")
        let status = isLambda ? 403 : 400
        func refuse(_ error: String, _ message: String, _ code: Int? = nil) -> Refused {
            Refused(
                response: APIResponse.json(["__type": .string(error), "message": .string(message)], status: code ?? status)
                    .withHeader("x-amzn-ErrorType", error), action: name)
        }
        guard let authenticator = access.authenticator else {
            if isLambda, !access.allowUpload, name == "CreateFunction" || name == "UpdateFunctionCode" {
                return refuse("AccessDeniedException", Self.uploadOff, 403)
            }
            return nil
        }
        let signed = SigV4Request(method: method, path: request.rawPath, query: request.query, headers: request.headers, body: body)
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
        case 413: return "Payload Too Large"
        case 429: return "Too Many Requests"
        case 503: return "Service Unavailable"
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
