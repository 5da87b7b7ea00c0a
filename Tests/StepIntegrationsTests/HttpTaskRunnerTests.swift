import Foundation
import StepJSON
import StepLanguage
import StepRuntime
import Testing

@testable import StepIntegrations

extension TaskOutcome {
    var output: JSON? { if case .success(let j) = self { return j } else { return nil } }
    var errorName: String? { if case .failure(let e, _) = self { return e } else { return nil } }
    var cause: String? { if case .failure(_, let c) = self { return c } else { return nil } }
}

@Suite("HTTP Task against a live server") struct HttpTaskRunnerTests {
    func call(_ runner: HttpTaskRunner, _ parameters: JSON) async -> TaskOutcome {
        await runner.run(request(HttpTaskRunner.resource, parameters))
    }

    func call(_ parameters: JSON) async -> TaskOutcome { await call(HttpTaskRunner(), parameters) }

    @Test func aGetWithQueryParametersAnswersInAWSsShape() async throws {
        let server = try HttpTestServer()
        let outcome = await call([
            "ApiEndpoint": .string(server.base + "/v1/customers?limit=3"), "Method": "GET",
            "QueryParameters": ["expand": ["data", "meta"], "filter": ["status": "open"], "q": "a b&c"],
        ])
        let output = try #require(outcome.output, "\(outcome)")
        #expect(output.objectValue?.keys == ["Headers", "ResponseBody", "StatusCode", "StatusText"])
        #expect(output["StatusCode"] == 200)
        #expect(output["StatusText"] == "OK")
        #expect(output["Headers"]?["X-Test-Server"] == ["stepline"])
        #expect(output["Headers"]?["Content-Type"] == ["application/json"])
        let body = try #require(output["ResponseBody"])
        #expect(body["method"] == "GET")
        #expect(body["path"] == "/v1/customers")
        #expect(
            body["args"] == [
                "limit": ["3"], "expand[0]": ["data"], "expand[1]": ["meta"], "filter[status]": ["open"],
                "q": ["a b&c"],
            ])
        #expect(body["headers"]?["user-agent"] == "Amazon|StepFunctions|HttpInvoke|us-east-1")
        #expect(body["headers"]?["range"] == "bytes=0-262144")
    }

    @Test func aPostSendsItsJSONBodyAndHeaders() async throws {
        let server = try HttpTestServer()
        let outcome = await call([
            "ApiEndpoint": .string(server.base + "/orders"), "Method": "POST",
            "Headers": ["X-Request-Id": "r-1"], "RequestBody": ["order": 42, "items": ["a", "b"], "note": nil],
        ])
        let body = try #require(outcome.output?["ResponseBody"], "\(outcome)")
        #expect(body["method"] == "POST")
        #expect(body["body"] == #"{"order":42,"items":["a","b"],"note":null}"#)
        #expect(body["headers"]?["content-type"] == "application/json; charset=UTF-8")
        #expect(body["headers"]?["x-request-id"] == "r-1")
    }

    static let forms: [(String, JSON)] = [
        ("INDICES", ["tags[0]": ["a"], "tags[1]": ["b"], "customer[name]": ["Ada"]]),
        ("REPEAT", ["tags": ["a", "b"], "customer[name]": ["Ada"]]),
        ("COMMAS", ["tags": ["a,b"], "customer[name]": ["Ada"]]),
        ("BRACKETS", ["tags[]": ["a", "b"], "customer[name]": ["Ada"]]),
    ]

    @Test(arguments: forms)
    func aURLEncodedBodyInEachArrayFormat(format: String, form: JSON) async throws {
        let server = try HttpTestServer()
        let outcome = await call([
            "ApiEndpoint": .string(server.base + "/form"), "Method": "POST",
            "RequestBody": ["tags": ["a", "b"], "customer": ["name": "Ada"]],
            "Transform": [
                "RequestBodyEncoding": "URL_ENCODED", "RequestEncodingOptions": ["ArrayFormat": .string(format)],
            ],
        ])
        let body = try #require(outcome.output?["ResponseBody"], "\(outcome)")
        #expect(body["headers"]?["content-type"] == "application/x-www-form-urlencoded")
        #expect(body["form"] == form)
    }

    @Test func theConnectionsKeyAndParametersComeFromTheConfig() async throws {
        let server = try HttpTestServer()
        let config = try StepConfig(
            try JSON(
                parsing: """
                    {"connections": {"Orders": {
                      "authorization": {"type": "API_KEY", "apiKey": {"key": "Authorization", "value": "Token abc"}},
                      "headers": {"X-Tenant": "acme"}, "queryParameters": {"region": "eu"},
                      "body": {"source": "stepline"}},
                     "Billing": {"authorization": {"type": "BASIC", "username": "ada", "password": "pw"}}}}
                    """), directory: NSTemporaryDirectory())
        let runner = config.taskRunner().http
        let arn = "arn:aws:events:us-east-1:111111111111:connection/Orders/0000-1111"
        let outcome = await call(
            runner,
            [
                "ApiEndpoint": .string(server.base + "/orders"), "Method": "PATCH",
                "Authentication": ["ConnectionArn": .string(arn)], "Headers": ["X-Tenant": "other", "X-Own": "yes"],
                "RequestBody": ["order": 1],
            ])
        let body = try #require(outcome.output?["ResponseBody"], "\(outcome)")
        #expect(body["headers"]?["authorization"] == "Token abc")
        #expect(body["headers"]?["x-tenant"] == "acme")
        #expect(body["headers"]?["x-own"] == "yes")
        #expect(body["args"] == ["region": ["eu"]])
        #expect(body["body"] == #"{"order":1,"source":"stepline"}"#)

        let basic = await call(
            runner,
            [
                "ApiEndpoint": .string(server.base + "/b"), "Method": "DELETE",
                "Authentication": ["ConnectionArn": "Billing"],
            ])
        #expect(basic.output?["ResponseBody"]?["headers"]?["authorization"] == "Basic YWRhOnB3")

        // A connection that is not configured: the call goes out without authorization.
        let open = await call(
            runner,
            [
                "ApiEndpoint": .string(server.base + "/o"), "Method": "GET",
                "Authentication": ["ConnectionArn": "Nowhere"],
            ])
        #expect(open.output?["StatusCode"] == 200)
        #expect(open.output?["ResponseBody"]?["headers"]?["authorization"] == nil)
    }

    @Test func anOAuthConnectionFetchesATokenOnceAndReusesIt() async throws {
        let server = try HttpTestServer()
        let oauth = OAuthClientCredentials(
            endpoint: server.base + "/token", clientId: "client", clientSecret: "secret", body: ["scope": "orders"])
        let runner = HttpTaskRunner(
            connections: HttpConnectionTable(["Crm": HttpConnection(authorization: .oauthClientCredentials(oauth))]))
        let parameters: JSON = [
            "ApiEndpoint": .string(server.base + "/api"), "Method": "GET", "Authentication": ["ConnectionArn": "Crm"],
        ]
        let first = await call(runner, parameters)
        let second = await call(runner, parameters)
        #expect(first.output?["ResponseBody"]?["headers"]?["authorization"] == "Bearer tok-1")
        #expect(second.output?["ResponseBody"]?["headers"]?["authorization"] == "Bearer tok-1")
        let log = await call(["ApiEndpoint": .string(server.base + "/token-log"), "Method": "GET"])
        let entries = try #require(log.output?["ResponseBody"]?.arrayValue)
        #expect(entries.count == 1)
        #expect(entries.first?["body"] == "grant_type=client_credentials&scope=orders")

        let wrong = OAuthClientCredentials(endpoint: server.base + "/token", clientId: "client", clientSecret: "nope")
        let refused = HttpTaskRunner(
            connections: HttpConnectionTable(["Crm": HttpConnection(authorization: .oauthClientCredentials(wrong))]))
        let failed = await call(refused, parameters)
        #expect(failed.errorName == "States.TaskFailed")
        #expect(failed.cause?.contains("answered 401 without an access_token") == true)
    }

    @Test func a500FailsWithTheStatusCodeErrorAndTheResponseAsCause() async throws {
        let server = try HttpTestServer()
        let outcome = await call([
            "ApiEndpoint": .string(server.base + "/status/500"), "Method": "POST", "RequestBody": "x",
        ])
        #expect(outcome.errorName == "States.Http.StatusCode.500")
        let cause = try JSON(parsing: try #require(outcome.cause))
        #expect(cause["StatusCode"] == 500)
        #expect(cause["StatusText"] == "Internal Server Error")
        #expect(cause["ResponseBody"] == ["message": "status 500"])
        #expect(cause["Headers"]?["X-Test-Server"] == ["stepline"])
    }

    @Test func a404FailsWithItsOwnCode() async throws {
        let server = try HttpTestServer()
        let outcome = await call(["ApiEndpoint": .string(server.base + "/status/404"), "Method": "GET"])
        #expect(outcome.errorName == "States.Http.StatusCode.404")
        #expect(try JSON(parsing: outcome.cause ?? "")["StatusText"] == "Not Found")
        let created = await call([
            "ApiEndpoint": .string(server.base + "/status/201"), "Method": "PUT", "RequestBody": [:],
        ])
        #expect(created.output?["StatusCode"] == 201)
    }

    @Test func aRefusedConnectionIsASocketError() async {
        // Nothing listens on port 1 of the loopback interface.
        let outcome = await call(["ApiEndpoint": "http://127.0.0.1:1/x", "Method": "GET"])
        #expect(outcome.errorName == "States.Http.Socket")
        #expect(outcome.cause?.hasPrefix("GET http://127.0.0.1:1/x failed:") == true, "\(outcome)")
        #expect(outcome.cause == "GET http://127.0.0.1:1/x failed: Connection refused", "\(outcome)")
    }

    @Test func aRefusedConnectionFailsAtOnceNotAtTheDeadline() async {
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = await call(HttpTaskRunner(requestTimeout: 60), ["ApiEndpoint": "http://localhost:1/", "Method": "GET"])
        // The cause says refused, not timed out; the bound only shows it did not wait out the 60 s deadline.
        #expect(seconds(since: start) < 30)
        #expect(outcome.errorName == "States.Http.Socket")
        #expect(outcome.cause?.hasPrefix("GET http://localhost:1/ failed: Connection refused (") == true, "\(outcome)")
    }

    @Test func aSlowServerTimesOutAsASocketError() async throws {
        let server = try HttpTestServer()
        let runner = HttpTaskRunner(requestTimeout: 0.5)
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = await call(runner, ["ApiEndpoint": .string(server.base + "/slow/15"), "Method": "GET"])
        // Well before the server answers; generous, as a loaded machine delays timers.
        #expect(seconds(since: start) < 12)
        #expect(outcome.errorName == "States.Http.Socket")
        #expect(outcome.cause?.contains("timed out after 0.5 seconds") == true, "\(outcome)")
    }

    @Test func aDeadlineShorterThanTheServersDelayEndsTheCallAtTheDeadline() async throws {
        let server = try HttpTestServer()
        let runner = HttpTaskRunner(requestTimeout: 0.3)
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = await call(runner, ["ApiEndpoint": .string(server.base + "/slow/30"), "Method": "POST"])
        let elapsed = seconds(since: start)
        #expect(elapsed >= 0.25, "not before the deadline")
        // The cause shows the deadline ended it (not rounded to whole seconds); the bound only shows the call did
        // not wait for the server's 30 s, with room for a loaded machine.
        #expect(elapsed < 20, "well before the server's 30 s")
        #expect(outcome.errorName == "States.Http.Socket")
        #expect(outcome.cause == "POST \(server.base)/slow/30 timed out after 0.3 seconds", "\(outcome)")
    }

    @Test func theDeadlineCoversTheBodyToo() async throws {
        // The head and five bytes come at once, the rest after 30 seconds.
        let server = try HttpTestServer()
        let runner = HttpTaskRunner(requestTimeout: 0.5)
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = await call(runner, ["ApiEndpoint": .string(server.base + "/slow-body/30"), "Method": "GET"])
        #expect(seconds(since: start) < 20, "well before the server's 30 s")
        #expect(outcome.errorName == "States.Http.Socket")
        #expect(outcome.cause?.contains("timed out after 0.5 seconds") == true, "\(outcome)")
    }

    @Test func cancellingTheCallerCancelsTheRequest() async throws {
        let server = try HttpTestServer()
        let start = DispatchTime.now().uptimeNanoseconds
        let task = Task { await call(["ApiEndpoint": .string(server.base + "/slow/30"), "Method": "GET"]) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let outcome = await task.value
        #expect(seconds(since: start) < 20, "well before the server's 30 s")
        #expect(outcome.errorName == "States.Http.Socket")
        #expect(outcome.cause?.hasSuffix("was cancelled") == true, "\(outcome)")
    }

    @Test(arguments: ["/big/", "/big-chunked/"])
    func aBodyBeyondTheCapFailsClearly(path: String) async throws {
        let server = try HttpTestServer()
        let url = server.base + path + "16777217"
        let outcome = await call(["ApiEndpoint": .string(url), "Method": "GET"])
        #expect(outcome.errorName == StatesErrorName.dataLimitExceeded)
        #expect(outcome.cause == "The response to GET \(url) is larger than 16777216 bytes", "\(outcome)")
        // Below the cap the body is kept whole, even past the 256 KiB payload limit: that limit is the
        // engine's to apply to the task's result.
        let full = await call(["ApiEndpoint": .string(server.base + path + "300000"), "Method": "GET"])
        #expect(full.output?["ResponseBody"]?.stringValue?.utf8.count == 300_000, "\(full.errorName ?? "")")
    }

    @Test func aRedirectIsFollowed() async throws {
        let server = try HttpTestServer()
        let outcome = await call(["ApiEndpoint": .string(server.base + "/redirect/text"), "Method": "GET"])
        #expect(outcome.output?["StatusCode"] == 200, "\(outcome)")
        #expect(outcome.output?["ResponseBody"] == "plain words")
    }

    @Test func reasonPhrasesAreFoundationsWords() {
        #expect(HttpClient.reasonPhrase(200) == "OK")
        #expect(HttpClient.reasonPhrase(429) == "Too Many Requests")
        #expect(HttpClient.reasonPhrase(500) == "Internal Server Error")
        #expect(HttpClient.reasonPhrase(418) == "Client Error")
        #expect(HttpClient.reasonPhrase(299) == "Success")
        #expect(HttpClient.reasonPhrase(599) == "Server Error")
    }

    @Test func aTextAnswerIsAStringAndABinaryOneIsRefused() async throws {
        let server = try HttpTestServer()
        let text = await call(["ApiEndpoint": .string(server.base + "/text"), "Method": "GET"])
        #expect(text.output?["ResponseBody"] == "plain words")
        #expect(text.output?["Headers"]?["Content-Type"] == ["text/plain; charset=utf-8"])
        let image = await call(["ApiEndpoint": .string(server.base + "/image"), "Method": "GET"])
        #expect(image.errorName == StatesErrorName.runtime)
        #expect(image.cause?.contains("image/png") == true)
        let head = await call(["ApiEndpoint": .string(server.base + "/h"), "Method": "HEAD"])
        #expect(head.output?["ResponseBody"] == "")
        #expect(head.output?["StatusCode"] == 200)
    }

    @Test func invalidParametersFailBeforeAnyCall() async {
        let outcome = await call(["ApiEndpoint": "http://127.0.0.1:1/", "Method": "TRACE"])
        #expect(outcome.errorName == StatesErrorName.runtime)
        #expect(outcome.cause?.contains("TRACE") == true)
    }
}
