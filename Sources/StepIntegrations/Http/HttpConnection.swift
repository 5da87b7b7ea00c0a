import StepJSON

/// An EventBridge connection as the config file's `connections` section describes it: how the HTTP Task
/// authorizes (an API key header, Basic, or an OAuth client-credentials token) and the invocation
/// parameters it adds to every call (headers, query parameters and body members, which win over the
/// task's own for the same name, as the connection's do in Step Functions).
///
/// ```json
/// "connections": {
///   "arn:aws:events:us-east-1:111111111111:connection/Orders/0a1b": {
///     "authorization": {"type": "API_KEY", "apiKey": {"key": "x-api-key", "value": "secret"}},
///     "headers": {"x-tenant": "acme"}, "queryParameters": {"region": "eu"}, "body": {"source": "stepline"}
///   },
///   "Billing": {"authorization": {"type": "BASIC", "username": "u", "password": "p"}},
///   "Crm": {"authorization": {"type": "OAUTH_CLIENT_CREDENTIALS", "authorizationEndpoint": "https://…/token",
///           "clientId": "id", "clientSecret": "secret", "httpMethod": "POST",
///           "oauthHttpParameters": {"headers": {}, "queryParameters": {}, "body": {"scope": "read"}}}}
/// }
/// ```
/// A connection is found by its ARN or by its name (`Orders` above), see `HttpConnectionTable`.
public struct HttpConnection: Sendable, Equatable {
    /// The connection's authorization type and its secrets.
    public enum Authorization: Sendable, Equatable {
        case none
        /// A header named `key` carrying `value` (`API_KEY`).
        case apiKey(key: String, value: String)
        /// `Authorization: Basic base64(username:password)` (`BASIC`).
        case basic(username: String, password: String)
        /// A bearer token from a client-credentials grant (`OAUTH_CLIENT_CREDENTIALS`).
        case oauthClientCredentials(OAuthClientCredentials)
    }

    public var authorization: Authorization
    public var headers: JSONObject
    public var queryParameters: JSONObject
    public var body: JSONObject

    public init(
        authorization: Authorization = .none, headers: JSONObject = JSONObject(),
        queryParameters: JSONObject = JSONObject(), body: JSONObject = JSONObject()
    ) {
        self.authorization = authorization
        self.headers = headers
        self.queryParameters = queryParameters
        self.body = body
    }
}

/// What an `OAUTH_CLIENT_CREDENTIALS` connection needs to get a token: the authorization endpoint, the
/// client's id and secret (sent as Basic authorization, with `grant_type=client_credentials` in the form
/// body) and any extra parameters for the token request.
public struct OAuthClientCredentials: Sendable, Equatable {
    public var endpoint: String
    public var method: String
    public var clientId: String
    public var clientSecret: String
    public var headers: JSONObject
    public var queryParameters: JSONObject
    public var body: JSONObject

    public init(
        endpoint: String, method: String = "POST", clientId: String, clientSecret: String,
        headers: JSONObject = JSONObject(), queryParameters: JSONObject = JSONObject(), body: JSONObject = JSONObject()
    ) {
        self.endpoint = endpoint
        self.method = method
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.headers = headers
        self.queryParameters = queryParameters
        self.body = body
    }
}
