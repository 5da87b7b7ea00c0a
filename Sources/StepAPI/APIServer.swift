import FlyingFox
import FlyingSocks
import Foundation

/// The HTTP endpoint of the API (`stepline serve --api 127.0.0.1:8083`): AWS's Step Functions JSON protocol
/// on `POST /` and the Lambda API under `/2015-03-31/functions`, one listener for both, so that
/// `aws stepfunctions … --endpoint-url URL` and `aws lambda … --endpoint-url URL` both work.
/// Requests are not signed-checked: the listener is meant for loopback or a trusted network.
public final class APIServer: Sendable {
    let server: HTTPServer
    public let host: String
    public let port: UInt16

    public init(host: String, port: UInt16, stepFunctions: StepFunctionsAPI, lambda: LambdaAPI?, log: @escaping @Sendable (String) -> Void)
        throws
    {
        self.host = host
        self.port = port
        let address: any SocketAddress = host.contains(":") ? try sockaddr_in6.inet6(ip6: host, port: port) : try sockaddr_in.inet(ip4: host, port: port)
        let handler = APIRequestHandler(stepFunctions: stepFunctions, lambda: lambda, log: log)
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

    /// Waits until the socket is listening.
    public func waitUntilListening() async throws {
        try await server.waitUntilListening()
    }

    public func stop() async {
        await server.stop(timeout: 1)
    }
}

/// Routes a request to the Step Functions or the Lambda API.
struct APIRequestHandler: HTTPHandler {
    let stepFunctions: StepFunctionsAPI
    let lambda: LambdaAPI?
    let log: @Sendable (String) -> Void

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = [UInt8](try await request.bodyData)
        let answer: APIResponse
        if request.path.hasPrefix(LambdaAPI.prefix), let lambda {
            var headers: [String: String] = [:]
            for (k, v) in request.headers { headers[k.rawValue.lowercased()] = v }
            answer = await lambda.handle(method: request.method.rawValue, path: request.path, headers: headers, body: body)
        } else if request.method == .POST, let target = request.headers[HTTPHeader("X-Amz-Target")] {
            answer = await stepFunctions.handle(target: target, body: body)
        } else {
            answer = APIResponse.json(
                ["__type": "UnknownOperationException", "message": .string("No API at \(request.method.rawValue) \(request.path)")],
                status: 404)
        }
        if answer.status >= 500 { log("\(request.method.rawValue) \(request.path): HTTP \(answer.status)") }
        var headers = HTTPHeaders()
        for (k, v) in answer.headers { headers.addValue(v, for: HTTPHeader(k)) }
        headers[HTTPHeader("x-amzn-RequestId")] = UUID().uuidString.lowercased()
        return HTTPResponse(
            statusCode: HTTPStatusCode(answer.status, phrase: Self.phrase(answer.status)), headers: headers,
            body: Data(answer.body))
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 409: return "Conflict"
        default: return status >= 500 ? "Internal Server Error" : "Error"
        }
    }
}
