import Foundation
import StepJSON
import StepLanguage

/// Bearer tokens for `OAUTH_CLIENT_CREDENTIALS` connections, fetched when first needed and kept until a
/// minute before they expire (`expires_in`, an hour when the server does not say), or until the API
/// answers 401 with one.
actor OAuthTokens {
    struct Entry {
        var token: String
        var expires: ContinuousClock.Instant
    }

    var entries: [String: Entry] = [:]

    static func key(_ c: OAuthClientCredentials) -> String { "\(c.method) \(c.endpoint) \(c.clientId)" }

    func token(_ credentials: OAuthClientCredentials, client: HttpClient, timeout: Double) async
        -> Result<String, HttpTaskError>
    {
        let key = Self.key(credentials)
        if let e = entries[key], e.expires > .now { return .success(e.token) }
        switch await client.send(Self.request(credentials), timeout: timeout) {
        case .failure(let error):
            return .failure(HttpTaskError(error: error.error, cause: "The OAuth token request failed: \(error.cause)"))
        case .success(let response):
            let answer = try? JSON(parsing: [UInt8](response.body))
            guard (200..<300).contains(response.statusCode), let token = answer?["access_token"]?.stringValue,
                !token.isEmpty
            else {
                let body = String(decoding: response.body.prefix(512), as: UTF8.self)
                let cause = "The OAuth token request to \(credentials.endpoint) answered \(response.statusCode)"
                return .failure(
                    HttpTaskError(error: StatesErrorName.taskFailed, cause: cause + " without an access_token: \(body)"))
            }
            let lifetime = max((answer?["expires_in"]?.doubleValue ?? 3600) - 60, 0)
            entries[key] = Entry(token: token, expires: .now + .milliseconds(Int(min(lifetime, 86_400 * 365) * 1000)))
            return .success(token)
        }
    }

    /// Forgets the token of a connection whose API refused it.
    func invalidate(_ credentials: OAuthClientCredentials) {
        entries[Self.key(credentials)] = nil
    }

    /// The token request: the client's id and secret as Basic authorization, `grant_type=client_credentials`
    /// and the configured body members form-encoded (in the query string for GET).
    static func request(_ c: OAuthClientCredentials) -> HttpRequest {
        var form: JSONObject = ["grant_type": "client_credentials"]
        for (k, v) in c.body { form[k] = v }
        var query = c.queryParameters
        var body: [UInt8]?
        var headers: [HttpHeader] = []
        if c.method == "GET" {
            for (k, v) in form { query[k] = v }
        } else {
            body = Array(FormEncoding.encode(form, arrayFormat: .indices).utf8)
            headers.set("Content-Type", "application/x-www-form-urlencoded")
        }
        for (name, value) in c.headers { headers.set(name, HttpHeader.text(value) ?? "") }
        headers.set("Authorization", HttpRequest.basic(c.clientId, c.clientSecret))
        headers.set("Accept", "application/json")
        return HttpRequest(
            method: c.method, url: HttpRequest.appendingQuery(c.endpoint, query, .indices), headers: headers, body: body
        )
    }
}
