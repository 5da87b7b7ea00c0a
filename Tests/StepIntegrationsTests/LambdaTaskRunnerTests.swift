import Foundation
import StepJSON
import StepRuntime
import Testing
@testable import StepIntegrations

/// A function that answers with a fixed payload and records what it was sent.
private final class Canned: LambdaHandler {
    let answer: LambdaResult
    let seen = Seen()

    actor Seen {
        var invocations: [LambdaInvocation] = []
        func add(_ i: LambdaInvocation) { invocations.append(i) }
    }

    init(_ payload: String, error: Bool = false, log: String? = nil) {
        answer = LambdaResult(payload: payload, functionError: error ? "Unhandled" : nil, log: log)
    }

    func invoke(_ invocation: LambdaInvocation) async -> LambdaResult {
        await seen.add(invocation)
        return answer
    }

    func shutdown() async {}
}

private let invoke = "arn:aws:states:::lambda:invoke"

private func runner(_ handler: any LambdaHandler, name: String = "fn") -> LambdaTaskRunner {
    LambdaTaskRunner(functions: [LambdaFunction(reference: FunctionReference(name: name), handler: handler)])
}

@Suite("Lambda task runner") struct LambdaTaskRunnerTests {
    @Test func invokeAnswersWithTheInvokeAPIsResponse() async throws {
        let r = runner(Canned(#"{"ok": 1}"#))
        let outcome = await r.run(request(invoke, ["FunctionName": "fn", "Payload": ["x": 1]]))
        guard case .success(let out) = outcome else { Issue.record("\(outcome)"); return }
        let o = try #require(out.objectValue)
        #expect(o.keys == ["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"])
        #expect(o["ExecutedVersion"] == "$LATEST")
        #expect(o["Payload"] == ["ok": 1])
        #expect(o["StatusCode"] == 200)
        let http = try #require(o["SdkHttpMetadata"]?.objectValue)
        #expect(http["HttpStatusCode"] == 200)
        #expect(http["HttpHeaders"]?["Content-Length"] == "9")
        #expect(http["AllHttpHeaders"]?["Content-Length"] == ["9"])
        #expect(http["HttpHeaders"]?["Content-Type"] == "application/json")
        let requestId = try #require(o["SdkResponseMetadata"]?["RequestId"]?.stringValue)
        #expect(http["HttpHeaders"]?["x-amzn-RequestId"] == .string(requestId))
        let date = try #require(http["HttpHeaders"]?["Date"]?.stringValue)
        #expect(date.hasSuffix(" GMT") && date.count == 29)
    }

    @Test func thePayloadIsSentAsJSONAndAStringPayloadAsItIs() async throws {
        let h = Canned("null")
        let r = runner(h)
        _ = await r.run(request(invoke, ["FunctionName": "fn", "Payload": ["x": [1, 2]]]))
        _ = await r.run(request(invoke, ["FunctionName": "fn", "Payload": "0.0"]))
        _ = await r.run(request(invoke, ["FunctionName": "fn", "Payload": nil]))
        _ = await r.run(request(invoke, ["FunctionName": "fn"]))
        let sent = await h.seen.invocations.map(\.payload)
        #expect(sent == [#"{"x":[1,2]}"#, "0.0", "{}", "{}"])
        let bad = await r.run(request(invoke, ["FunctionName": "fn", "Payload": "not json"]))
        guard case .failure(let error, let cause) = bad else { Issue.record("\(bad)"); return }
        #expect(error == "Lambda.InvalidRequestContentException")
        #expect(cause?.contains("Status Code: 400") == true)
    }

    @Test func aBareFunctionARNAnswersWithTheResultItself() async {
        let h = Canned(#""HelloWorld!""#)
        let r = runner(h)
        let outcome = await r.run(
            request("arn:aws:lambda:us-east-1:111111111111:function:fn", ["who": "me"]))
        #expect(outcome == .success("HelloWorld!"))
        #expect(await h.seen.invocations.first?.payload == #"{"who":"me"}"#)
        #expect(await h.seen.invocations.first?.functionArn == "arn:aws:lambda:us-east-1:111111111111:function:fn")
    }

    @Test func functionErrorsKeepTheRuntimesTextForTheBareARNAndAreCompactForInvoke() async {
        let doc = #"{"errorMessage": "boom", "errorType": "ValueError", "requestId": "r", "stackTrace": []}"#
        let r = runner(Canned(doc, error: true))
        let bare = await r.run(request("arn:aws:lambda:us-east-1:111111111111:function:fn", [:]))
        #expect(bare == .failure(error: "ValueError", cause: doc))
        let service = await r.run(request(invoke, ["FunctionName": "fn"]))
        #expect(
            service
                == .failure(
                    error: "ValueError",
                    cause: #"{"errorMessage":"boom","errorType":"ValueError","requestId":"r","stackTrace":[]}"#))
    }

    @Test func anErrorWithoutATypeIsLambdaUnknown() async {
        let doc = #"{"errorMessage":"2024-01-01T00:00:00.000Z abc Task timed out after 3.00 seconds"}"#
        let r = runner(Canned(doc, error: true))
        let outcome = await r.run(request(invoke, ["FunctionName": "fn"]))
        #expect(
            outcome
                == .failure(
                    error: "Lambda.Unknown",
                    cause: "The cause could not be determined because Lambda did not return an error type. Returned payload: \(doc)"))
    }

    @Test func anUnknownFunctionIsResourceNotFound() async throws {
        let r = runner(Canned("1"))
        let outcome = await r.run(request(invoke, ["FunctionName": "nope"]))
        guard case .failure(let error, let cause?) = outcome else { Issue.record("\(outcome)"); return }
        #expect(error == "Lambda.ResourceNotFoundException")
        #expect(
            cause.hasPrefix(
                "Function not found: arn:aws:lambda:us-east-1:111111111111:function:nope:$LATEST (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: "
            ))
        #expect(cause.hasSuffix("; Proxy: null)"))
        let bare = await r.run(request("arn:aws:lambda:eu-west-1:222222222222:function:nope:prod", [:]))
        guard case .failure(_, let c2?) = bare else { Issue.record("\(bare)"); return }
        #expect(c2.hasPrefix("Function not found: arn:aws:lambda:eu-west-1:222222222222:function:nope:prod "))
    }

    @Test func theFunctionIsFoundByNamePartialARNOrFullARN() async {
        let r = runner(Canned("1"), name: "MyHelloFunction")
        for name in [
            "MyHelloFunction", "MyHelloFunction:live", "111111111111:function:MyHelloFunction",
            "arn:aws:lambda:us-west-2:123456789012:function:MyHelloFunction",
            "arn:aws:lambda:<YOUR_REGION>:<YOUR_ACCOUNT_ID>:function:MyHelloFunction",
        ] {
            let outcome = await r.run(request(invoke, ["FunctionName": .string(name)]))
            guard case .success(let o) = outcome else {
                Issue.record("\(name): \(outcome)")
                continue
            }
            #expect(o["Payload"] == 1)
        }
    }

    @Test func aQualifierVersionIsTheExecutedVersion() async {
        let r = runner(Canned("1"))
        let outcome = await r.run(request(invoke, ["FunctionName": "fn", "Qualifier": "4"]))
        guard case .success(let o) = outcome else { Issue.record("\(outcome)"); return }
        #expect(o["ExecutedVersion"] == "4")
    }

    @Test func logTypeTailReturnsTheLogTail() async throws {
        let r = runner(Canned("1", log: "hello from the handler\n"))
        let outcome = await r.run(request(invoke, ["FunctionName": "fn", "LogType": "Tail"]))
        guard case .success(let o) = outcome else { Issue.record("\(outcome)"); return }
        let encoded = try #require(o["LogResult"]?.stringValue)
        let text = String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
        #expect(text.hasPrefix("START RequestId: "))
        #expect(text.contains("hello from the handler\nEND RequestId: "))
        #expect(o["SdkHttpMetadata"]?["HttpHeaders"]?["X-Amz-Log-Result"] == .string(encoded))
    }

    @Test func eventInvocationsAnswer202AtOnce() async {
        let h = Canned("1")
        let r = runner(h)
        let outcome = await r.run(request(invoke, ["FunctionName": "fn", "InvocationType": "Event"]))
        guard case .success(let o) = outcome else { Issue.record("\(outcome)"); return }
        #expect(o["StatusCode"] == 202)
        #expect(o["Payload"] == "")
    }

    @Test func theTaskTimeoutBoundsTheCall() async {
        let h = Canned("1")
        let r = runner(h)
        _ = await r.run(request(invoke, ["FunctionName": "fn"], timeout: 5))
        #expect(await h.seen.invocations.first?.timeoutSeconds == 6)
    }

    @Test func whichResourcesItAnswers() {
        #expect(LambdaTaskRunner.handles("arn:aws:states:::lambda:invoke"))
        #expect(LambdaTaskRunner.handles("arn:aws:lambda:us-east-1:111111111111:function:f"))
        #expect(LambdaTaskRunner.handles("arn:aws:lambda:us-east-1:111111111111:function:f:1"))
        #expect(!LambdaTaskRunner.handles("arn:aws:states:::lambda:invoke.waitForTaskToken"))
        #expect(!LambdaTaskRunner.handles("arn:aws:states:::sqs:sendMessage"))
        #expect(!LambdaTaskRunner.handles("f"))
    }
}
