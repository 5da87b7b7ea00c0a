import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime

/// Answers `arn:aws:states:::http:invoke` Task states (Step Functions' HTTP Task) by calling the endpoint
/// for real. The connection named in `Authentication.ConnectionArn` comes from the config file's
/// `connections` (see `HttpConnection`); one that is not configured means a call without authorization.
///
/// The result is `{"Headers", "ResponseBody", "StatusCode", "StatusText"}`; an answer outside 2xx fails
/// the task with `States.Http.StatusCode.<code>`, no answer within `requestTimeout` seconds (60, as AWS
/// limits an HTTP Task) or a failed connection with `States.Http.Socket`, a body over 256 KiB with
/// `States.DataLimitExceeded`, and parameters that cannot make a request with `States.Runtime` (see
/// `HttpTaskError`). The calls go through `HttpClient`'s one process-wide AsyncHTTPClient.
public final class HttpTaskRunner: TaskRunner {
    public static let resource = "arn:aws:states:::http:invoke"
    public static let defaultRequestTimeout = 60.0

    public let connections: HttpConnectionTable
    public let requestTimeout: Double
    let client: HttpClient
    let tokens = OAuthTokens()

    public init(
        connections: HttpConnectionTable = HttpConnectionTable(), requestTimeout: Double = defaultRequestTimeout
    ) {
        self.connections = connections
        self.requestTimeout = requestTimeout
        self.client = HttpClient()
    }

    /// Whether `resource` is the HTTP Task's.
    public static func handles(_ resource: String) -> Bool { resource == Self.resource }

    public func run(_ request: TaskRequest) async -> TaskOutcome {
        guard Self.handles(request.resource) else {
            return .failure(
                error: StatesErrorName.taskFailed, cause: "The resource '\(request.resource)' is not an HTTP Task")
        }
        let timeout = timeoutSeconds(request.timeoutSeconds)
        let prepared: (HttpRequest, OAuthClientCredentials?)
        switch await prepare(request.input, executionArn: request.executionArn, timeout: timeout) {
        case .failure(let error): return error.outcome
        case .success(let p): prepared = p
        }
        switch await client.send(prepared.0, timeout: timeout) {
        case .failure(let error): return error.outcome
        case .success(let response):
            if response.statusCode == 401, let oauth = prepared.1 { await tokens.invalidate(oauth) }
            return response.outcome
        }
    }

    /// The request for a task's parameters, and the OAuth credentials it used, if any.
    func prepare(_ input: JSON, executionArn: String, timeout: Double) async
        -> Result<(HttpRequest, OAuthClientCredentials?), HttpTaskError>
    {
        let parameters: HttpInvokeParameters
        do {
            parameters = try HttpInvokeParameters(input)
        } catch {
            return .failure(error)
        }
        let connection = parameters.connectionArn.flatMap(connections.lookup)
        var token: String?
        var oauth: OAuthClientCredentials?
        if case .oauthClientCredentials(let credentials)? = connection?.authorization {
            oauth = credentials
            switch await tokens.token(credentials, client: client, timeout: timeout) {
            case .failure(let error): return .failure(error)
            case .success(let t): token = t
            }
        }
        let region = ExecutionArn.regionAndAccount(executionArn).region
        do {
            return .success(
                (try HttpRequest(parameters, connection: connection, region: region, bearerToken: token), oauth))
        } catch {
            return .failure(error)
        }
    }

    /// The request's own limit: `requestTimeout`, or a moment after the task's timeout when that is sooner
    /// (the engine times the task out; the request is cancelled then).
    func timeoutSeconds(_ taskTimeout: Int?) -> Double {
        guard let t = taskTimeout else { return requestTimeout }
        return min(requestTimeout, Double(t) + 1)
    }
}
