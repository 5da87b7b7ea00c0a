import StepJSON

extension HttpConnection {
    /// An entry of the config file's `connections` object.
    static func parse(_ value: JSON, key: String) throws(ConfigError) -> HttpConnection {
        let place = "connections.\(key)"
        let o = try ConfigReader.object(value, place, known: ["authorization", "headers", "queryParameters", "body"])
        var connection = HttpConnection()
        connection.headers = try ConfigReader.parameters(o["headers"], "\(place).headers")
        connection.queryParameters = try ConfigReader.parameters(o["queryParameters"], "\(place).queryParameters")
        connection.body = try ConfigReader.parameters(o["body"], "\(place).body")
        if let auth = o["authorization"] {
            connection.authorization = try parseAuthorization(auth, "\(place).authorization")
        }
        return connection
    }

    static func parseAuthorization(_ value: JSON, _ place: String) throws(ConfigError) -> Authorization {
        guard case .object(let o) = value else { throw ConfigError("\(place) must be an object with a 'type'") }
        switch o["type"]?.stringValue {
        case "API_KEY"?:
            let a = try ConfigReader.object(value, place, known: ["type", "apiKey"])
            let key = try ConfigReader.object(a["apiKey"] ?? .null, "\(place).apiKey", known: ["key", "value"])
            return .apiKey(
                key: try ConfigReader.string(key, "key", "\(place).apiKey"),
                value: try ConfigReader.string(key, "value", "\(place).apiKey", allowEmpty: true))
        case "BASIC"?:
            let b = try ConfigReader.object(value, place, known: ["type", "username", "password"])
            return .basic(
                username: try ConfigReader.string(b, "username", place),
                password: try ConfigReader.string(b, "password", place, allowEmpty: true))
        case "OAUTH_CLIENT_CREDENTIALS"?:
            let known: Set = [
                "type", "authorizationEndpoint", "httpMethod", "clientId", "clientSecret", "oauthHttpParameters",
            ]
            let c = try ConfigReader.object(value, place, known: known)
            var oauth = OAuthClientCredentials(
                endpoint: try ConfigReader.string(c, "authorizationEndpoint", place),
                clientId: try ConfigReader.string(c, "clientId", place),
                clientSecret: try ConfigReader.string(c, "clientSecret", place, allowEmpty: true))
            if c["httpMethod"] != nil {
                let method = try ConfigReader.string(c, "httpMethod", place).uppercased()
                guard ["GET", "POST", "PUT"].contains(method) else {
                    throw ConfigError("\(place).httpMethod must be GET, POST or PUT")
                }
                oauth.method = method
            }
            if let extra = c["oauthHttpParameters"] {
                let p = "\(place).oauthHttpParameters"
                let e = try ConfigReader.object(extra, p, known: ["headers", "queryParameters", "body"])
                oauth.headers = try ConfigReader.parameters(e["headers"], "\(p).headers")
                oauth.queryParameters = try ConfigReader.parameters(e["queryParameters"], "\(p).queryParameters")
                oauth.body = try ConfigReader.parameters(e["body"], "\(p).body")
            }
            return .oauthClientCredentials(oauth)
        case "NONE"?:
            return .none
        default:
            throw ConfigError("\(place).type must be API_KEY, BASIC or OAUTH_CLIENT_CREDENTIALS")
        }
    }
}

/// Small checks for reading config objects, each failing with the place in the file.
enum ConfigReader {
    static func object(_ value: JSON, _ place: String, known: Set<String>) throws(ConfigError) -> JSONObject {
        guard case .object(let o) = value else { throw ConfigError("\(place) must be an object") }
        if let unknown = o.keys.first(where: { !known.contains($0) }) {
            throw ConfigError("\(place): unknown key '\(unknown)'")
        }
        return o
    }

    static func string(_ o: JSONObject, _ key: String, _ place: String, allowEmpty: Bool = false) throws(ConfigError)
        -> String
    {
        guard let s = o[key]?.stringValue, allowEmpty || !s.isEmpty else {
            throw ConfigError("\(place).\(key) must be a non-empty string")
        }
        return s
    }

    /// Invocation parameters: an object of strings, numbers or booleans (kept as JSON for encoding).
    static func parameters(_ value: JSON?, _ place: String) throws(ConfigError) -> JSONObject {
        guard let value else { return JSONObject() }
        guard case .object(let o) = value else { throw ConfigError("\(place) must be an object") }
        for (k, v) in o where v.isContainer || v.isNull {
            throw ConfigError("\(place).\(k) must be a string, number or boolean")
        }
        return o
    }
}
