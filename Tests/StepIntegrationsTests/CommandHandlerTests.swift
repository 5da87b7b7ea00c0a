import Foundation
import StepJSON
import Testing
@testable import StepIntegrations

@Suite("Command handlers") struct CommandHandlerTests {
    func handler(_ command: String, directory: String? = nil, timeout: Double = 30) -> CommandHandler {
        CommandHandler(
            command: command, directory: directory, environment: ProcessInfo.processInfo.environment,
            timeoutSeconds: timeout)
    }

    @Test func theEventIsOnStdinAndTheResultOnStdout() async {
        let r = await handler("cat").invoke(invocation(["a": [1, 2]]))
        #expect(r.functionError == nil)
        #expect(parsed(r.payload) == ["a": [1, 2]])
    }

    @Test func anErrorAnswerIsTheFunctionsError() async {
        let r = await handler(#"cat >/dev/null; echo '{"errorType": "Oops", "errorMessage": "bad"}'"#).invoke(invocation([:]))
        #expect(r.functionError == "Unhandled")
        #expect(parsed(r.payload)["errorType"] == "Oops")
    }

    @Test func aNonZeroExitIsRuntimeExitError() async throws {
        let r = await handler("echo failing >&2; exit 4").invoke(invocation([:], id: "req-x"))
        let doc = try #require(parsed(r.payload).objectValue)
        #expect(doc["errorType"] == "Runtime.ExitError")
        #expect(doc["errorMessage"] == "RequestId: req-x Error: Runtime exited with error: exit status 4")
    }

    @Test func aKilledCommandNamesTheSignal() async {
        let r = await handler("kill -9 $$").invoke(invocation([:]))
        #expect(parsed(r.payload)["errorMessage"]?.stringValue?.hasSuffix("signal: killed") == true)
    }

    @Test func aCommandPastItsTimeoutIsKilledWithItsChildren() async {
        let start = DispatchTime.now().uptimeNanoseconds
        let r = await handler("sleep 10; echo 1", timeout: 0.4).invoke(invocation([:]))
        // Well under the 10 s the call would take: the timeout cut it short (loose, for a loaded machine).
        #expect(seconds(since: start) < 8)
        #expect(parsed(r.payload)["errorType"] == "Sandbox.Timedout")
    }

    @Test func emptyOutputIsNull() async {
        let r = await handler("cat >/dev/null").invoke(invocation([:]))
        #expect(r.payload == "null")
        #expect(r.functionError == nil)
    }

    @Test func itRunsInTheConfiguredDirectory() async {
        let f = Fixture()
        f.write("answer.json", #"{"from": "file"}"#)
        let r = await handler("cat answer.json", directory: f.directory).invoke(invocation([:]))
        #expect(parsed(r.payload) == ["from": "file"])
    }

    @Test func aCommandThatIgnoresItsInputStillWorks() async {
        let big = JSON.string(String(repeating: "x", count: 300_000))
        let r = await handler("echo 7").invoke(invocation(["big": big]))
        #expect(r.payload == "7")
    }
}
