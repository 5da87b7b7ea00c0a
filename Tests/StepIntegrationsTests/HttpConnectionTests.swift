import Foundation
import StepJSON
import Testing

@testable import StepIntegrations

@Suite("HTTP connections in the config file") struct HttpConnectionTests {
    func config(_ text: String) throws -> StepConfig {
        try StepConfig(try JSON(parsing: text), directory: NSTemporaryDirectory())
    }

    @Test func everyAuthorizationTypeIsRead() throws {
        let c = try config(
            """
            {"connections": {
              "arn:aws:events:us-east-1:111111111111:connection/Orders/0a1b-22": {
                "authorization": {"type": "API_KEY", "apiKey": {"key": "x-api-key", "value": "k"}},
                "headers": {"X-Tenant": "acme", "X-N": 3}, "queryParameters": {"region": "eu"}, "body": {"src": "sl"}},
              "Billing": {"authorization": {"type": "BASIC", "username": "u", "password": "p"}},
              "Crm": {"authorization": {"type": "OAUTH_CLIENT_CREDENTIALS", "authorizationEndpoint": "http://a/token",
                      "clientId": "id", "clientSecret": "s", "httpMethod": "get",
                      "oauthHttpParameters": {"body": {"scope": "read"}}}},
              "Open": {}
            }}
            """)
        let orders = try #require(c.connections.lookup("arn:aws:events:eu-west-1:222222222222:connection/Orders/ffff"))
        #expect(orders.authorization == .apiKey(key: "x-api-key", value: "k"))
        #expect(orders.headers == ["X-Tenant": "acme", "X-N": 3])
        #expect(orders.queryParameters == ["region": "eu"])
        #expect(orders.body == ["src": "sl"])
        #expect(c.connections.lookup("Orders") == orders)
        #expect(c.connections.lookup("Billing")?.authorization == .basic(username: "u", password: "p"))
        #expect(
            c.connections.lookup("arn:aws:events:us-east-1:111111111111:connection/Billing/x")?.authorization
                == .basic(username: "u", password: "p"))
        guard case .oauthClientCredentials(let oauth)? = c.connections.lookup("Crm")?.authorization else {
            Issue.record("Crm is not an OAuth connection")
            return
        }
        #expect(oauth.endpoint == "http://a/token" && oauth.method == "GET" && oauth.body == ["scope": "read"])
        #expect(c.connections.lookup("Open") == HttpConnection())
        #expect(c.connections.lookup("Missing") == nil)
    }

    @Test func mistakesAreReportedWithTheirPlace() {
        let cases: [(String, String)] = [
            (#"{"connections": []}"#, "'connections' must be an object"),
            (#"{"connections": {"A": {"auth": {}}}}"#, "connections.A: unknown key 'auth'"),
            (
                #"{"connections": {"A": {"authorization": {"type": "DIGEST"}}}}"#,
                "connections.A.authorization.type must be"
            ),
            (
                #"{"connections": {"A": {"authorization": {"type": "API_KEY"}}}}"#,
                "connections.A.authorization.apiKey must be an object"
            ),
            (
                #"{"connections": {"A": {"authorization": {"type": "BASIC", "username": ""}}}}"#,
                "username must be a non-empty string"
            ),
            (#"{"connections": {"A": {"headers": {"X": {"y": 1}}}}}"#, "connections.A.headers.X must be a string"),
        ]
        for (text, message) in cases {
            do {
                _ = try config(text)
                Issue.record("accepted \(text)")
            } catch let error as ConfigError {
                #expect(error.message.contains(message), "\(error.message)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
