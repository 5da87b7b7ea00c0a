import StepJSON
import StepLanguage
import Testing

@testable import StepIntegrations

@Suite("HTTP Task requests") struct HttpRequestTests {
    func build(_ parameters: JSON, _ connection: HttpConnection? = nil) throws -> HttpRequest {
        try HttpRequest(try HttpInvokeParameters(parameters), connection: connection, region: "eu-west-1")
    }

    func failure(_ parameters: JSON) -> HttpTaskError? {
        do {
            _ = try HttpInvokeParameters(parameters)
            return nil
        } catch {
            return error
        }
    }

    @Test func aPostWithAJSONBodyGetsAWSsHeaders() throws {
        let r = try build([
            "ApiEndpoint": "https://api.example.com/v1/orders?x=1", "Method": "POST",
            "Headers": ["X-Trace": "t-1", "X-List": [1, "b"]], "QueryParameters": ["page": 2],
            "RequestBody": ["order": 42],
        ])
        #expect(r.method == "POST")
        #expect(r.url == "https://api.example.com/v1/orders?x=1&page=2")
        #expect(r.body.map { String(decoding: $0, as: UTF8.self) } == #"{"order":42}"#)
        #expect(r.headers.value("x-trace") == "t-1")
        #expect(r.headers.value("X-List") == "1,b")
        #expect(r.headers.value("Content-Type") == "application/json; charset=UTF-8")
        #expect(r.headers.value("User-Agent") == "Amazon|StepFunctions|HttpInvoke|eu-west-1")
        #expect(r.headers.value("Range") == "bytes=0-262144")
    }

    @Test func theConnectionsParametersAreAddedAndWinOverTheTasks() throws {
        let connection = HttpConnection(
            authorization: .apiKey(key: "x-api-key", value: "k-1"), headers: ["X-Tenant": "acme"],
            queryParameters: ["region": "eu", "page": 9], body: ["source": "stepline", "order": 7])
        let r = try build(
            [
                "ApiEndpoint": "http://localhost:8080/o#frag", "Method": "PUT", "Headers": ["x-tenant": "other"],
                "QueryParameters": ["page": 2], "RequestBody": ["order": 42, "note": "hi"],
            ], connection)
        #expect(r.url == "http://localhost:8080/o?page=9&region=eu#frag")
        #expect(r.headers.value("X-Tenant") == "acme")
        #expect(r.headers.filter { $0.name.lowercased() == "x-tenant" }.count == 1)
        #expect(r.headers.value("x-api-key") == "k-1")
        #expect(r.body.map { String(decoding: $0, as: UTF8.self) } == #"{"order":7,"note":"hi","source":"stepline"}"#)
    }

    @Test func basicAuthorizationAndAFormBody() throws {
        let connection = HttpConnection(authorization: .basic(username: "ada", password: "s3cret"))
        let r = try build(
            [
                "ApiEndpoint": "http://localhost/f", "Method": "POST", "RequestBody": ["tags": ["a", "b"]],
                "Headers": ["Content-Type": "text/plain"],
                "Transform": [
                    "RequestBodyEncoding": "URL_ENCODED", "RequestEncodingOptions": ["ArrayFormat": "REPEAT"],
                ],
            ], connection)
        #expect(r.headers.value("Authorization") == "Basic YWRhOnMzY3JldA==")
        #expect(r.headers.value("Content-Type") == "application/x-www-form-urlencoded")
        #expect(r.body.map { String(decoding: $0, as: UTF8.self) } == "tags=a&tags=b")
    }

    @Test func getAndHeadCarryNoBody() throws {
        for method in ["GET", "HEAD"] {
            let r = try build(["ApiEndpoint": "http://localhost/", "Method": .string(method), "RequestBody": ["a": 1]])
            #expect(r.body == nil)
            #expect(r.headers.value("Content-Type") == nil)
        }
    }

    @Test func parametersThatCannotMakeARequestAreRuntimeErrors() {
        let cases: [(JSON, String)] = [
            (["Method": "GET"], "'ApiEndpoint' is required"),
            (["ApiEndpoint": "ftp://host/x", "Method": "GET"], "is not an HTTPS or HTTP URL"),
            (["ApiEndpoint": "https://h/", "Method": "get"], "The Method 'get' is not one of"),
            (["ApiEndpoint": "https://h/"], "'Method' is required"),
            (
                ["ApiEndpoint": "https://h/", "Method": "GET", "Headers": ["Authorization": "x"]],
                "The header 'Authorization' cannot be set"
            ),
            (
                ["ApiEndpoint": "https://h/", "Method": "GET", "Headers": ["X-Amz-Date": "x"]],
                "The header 'X-Amz-Date'"
            ),
            (["ApiEndpoint": "https://h/", "Method": "GET", "Headers": ["X-O": ["a": 1]]], "must be a string"),
            (
                ["ApiEndpoint": "https://h/", "Method": "GET", "QueryParameters": "a=1"],
                "'QueryParameters' must be an object"
            ),
            (
                ["ApiEndpoint": "https://h/", "Method": "GET", "Transform": ["RequestBodyEncoding": "GZIP"]],
                "is not NONE or URL_ENCODED"
            ),
            (
                [
                    "ApiEndpoint": "https://h/", "Method": "GET",
                    "Transform": ["RequestEncodingOptions": ["ArrayFormat": "X"]],
                ],
                "is not INDICES, REPEAT, COMMAS or BRACKETS"
            ),
            (
                [
                    "ApiEndpoint": "https://h/", "Method": "POST", "RequestBody": [1],
                    "Transform": ["RequestBodyEncoding": "URL_ENCODED"],
                ],
                "must be an object"
            ),
            (
                ["ApiEndpoint": "https://h/", "Method": "GET", "Authentication": "arn"],
                "'Authentication' must be an object"
            ),
            (["ApiEndpoint": "https://h/", "Method": "GET", "Body": 1], "The field 'Body' is not supported"),
            ("text", "must be an object"),
        ]
        for (parameters, message) in cases {
            let e = failure(parameters)
            #expect(e?.error == StatesErrorName.runtime, "\(parameters)")
            #expect(e?.cause.contains(message) == true, "\(parameters): \(e?.cause ?? "no error")")
        }
    }

    @Test func theConnectionIsNamedInAuthenticationOrInvocationConfig() throws {
        let a = try HttpInvokeParameters(
            ["ApiEndpoint": "https://h/", "Method": "GET", "Authentication": ["ConnectionArn": "arn:c"]])
        #expect(a.connectionArn == "arn:c")
        let b = try HttpInvokeParameters(
            ["ApiEndpoint": "https://h/", "Method": "GET", "InvocationConfig": ["ConnectionArn": "Private"]])
        #expect(b.connectionArn == "Private")
    }

    @Test func theOAuthTokenRequestCarriesTheClientsCredentials() {
        let c = OAuthClientCredentials(
            endpoint: "http://auth/token", clientId: "client", clientSecret: "secret", headers: ["X-A": "1"],
            queryParameters: ["aud": "api"], body: ["scope": "read write"])
        let r = OAuthTokens.request(c)
        #expect(r.method == "POST")
        #expect(r.url == "http://auth/token?aud=api")
        #expect(r.headers.value("Authorization") == "Basic Y2xpZW50OnNlY3JldA==")
        #expect(r.headers.value("x-a") == "1")
        #expect(
            r.body.map { String(decoding: $0, as: UTF8.self) } == "grant_type=client_credentials&scope=read%20write")
    }
}
