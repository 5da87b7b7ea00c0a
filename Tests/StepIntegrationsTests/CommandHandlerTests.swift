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
        let r = await handler("sleep 30; echo 1", timeout: 0.4).invoke(invocation([:]))
        // Well under the 30 s the call would take: the timeout cut it short (loose, for a loaded machine).
        #expect(seconds(since: start) < 20)
        #expect(parsed(r.payload)["errorType"] == "Sandbox.Timedout")
    }

    @Test func longRunningCommandsDoNotHoldUpAnotherCallsStartOrTimeout() async {
        // More commands waiting for their children than the machine has cores: none of them may keep
        // another call from starting or from being killed at its deadline.
        let busy = (0..<max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)).map { _ in
            Task { await handler("sleep 25", timeout: 60).invoke(invocation([:])) }
        }
        try? await Task.sleep(for: .milliseconds(500))
        let start = DispatchTime.now().uptimeNanoseconds
        let quick = await handler("cat").invoke(invocation(["n": 1]))
        let timed = await handler("sleep 25", timeout: 0.5).invoke(invocation([:]))
        let took = seconds(since: start)
        for task in busy { task.cancel() }
        for task in busy { _ = await task.value }
        #expect(parsed(quick.payload) == ["n": 1])
        #expect(parsed(timed.payload)["errorType"] == "Sandbox.Timedout")
        // Well before the busy commands' 25 s would free anything up (loose, for a loaded machine).
        #expect(took < 15)
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
