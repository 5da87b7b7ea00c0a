import Foundation
import StepJSON

/// A request ready to send: the HTTP Task's parameters merged with its connection's.
struct HttpRequest: Sendable, Equatable {
    var method: String
    var url: String
    var headers: [HttpHeader]
    var body: [UInt8]?

    init(method: String, url: String, headers: [HttpHeader] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The request for `parameters`, as Step Functions builds it:
    /// - the connection's headers, query parameters and body members are added to the task's, and win
    ///   for the same name;
    /// - the connection's authorization is applied (`bearerToken` is the OAuth token when it has one);
    /// - an object body is JSON (`Content-Type: application/json; charset=UTF-8` unless the task sets one),
    ///   or form-encoded with `URL_ENCODED` (`Content-Type: application/x-www-form-urlencoded`); a string
    ///   body is sent as it is; GET and HEAD carry no body;
    /// - `User-Agent` is `Amazon|StepFunctions|HttpInvoke|REGION` and `Range` asks for the first 256 KiB.
    init(
        _ parameters: HttpInvokeParameters, connection: HttpConnection?, region: String, bearerToken: String? = nil
    ) throws(HttpTaskError) {
        let connection = connection ?? HttpConnection()
        method = parameters.method
        var query = parameters.queryParameters
        for (k, v) in connection.queryParameters { query[k] = v }
        url = Self.appendingQuery(parameters.endpoint, query, parameters.arrayFormat)
        guard URL(string: url) != nil else { throw .runtime("The URL '\(url)' is not valid") }

        headers = parameters.headers
        for (name, value) in connection.headers { headers.set(name, HttpHeader.text(value) ?? "") }
        switch connection.authorization {
        case .none: break
        case .apiKey(let key, let value): headers.set(key, value)
        case .basic(let username, let password): headers.set("Authorization", Self.basic(username, password))
        case .oauthClientCredentials: if let bearerToken { headers.set("Authorization", "Bearer " + bearerToken) }
        }

        var payload = parameters.body
        if !connection.body.isEmpty {
            switch payload {
            case nil: payload = .object(connection.body)
            case .object(var o)?:
                for (k, v) in connection.body { o[k] = v }
                payload = .object(o)
            default: break  // A string or array body is sent as the task wrote it.
            }
        }
        if let payload, method != "GET", method != "HEAD" {
            if parameters.urlEncoded {
                headers.set("Content-Type", "application/x-www-form-urlencoded")
                switch payload {
                case .object(let o): body = Array(FormEncoding.encode(o, arrayFormat: parameters.arrayFormat).utf8)
                default: body = Array(FormEncoding.text(payload).utf8)
                }
            } else {
                if headers.value("Content-Type") == nil {
                    headers.set("Content-Type", "application/json; charset=UTF-8")
                }
                body = Array((payload.stringValue ?? payload.serialized()).utf8)
            }
        }
        headers.set("User-Agent", "Amazon|StepFunctions|HttpInvoke|\(region)")
        headers.set("Range", "bytes=0-262144")
    }

    /// The endpoint with the encoded query parameters after its own (`?` or `&`), before any `#fragment`.
    static func appendingQuery(_ endpoint: String, _ query: JSONObject, _ format: ArrayFormat) -> String {
        let encoded = FormEncoding.encode(query, arrayFormat: format)
        guard !encoded.isEmpty else { return endpoint }
        var base = Substring(endpoint)
        var fragment = Substring("")
        if let hash = endpoint.firstIndex(of: "#") {
            base = endpoint[..<hash]
            fragment = endpoint[hash...]
        }
        let separator = !base.contains("?") ? "?" : (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&")
        return base + separator + encoded + fragment
    }

    static func basic(_ username: String, _ password: String) -> String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
}
