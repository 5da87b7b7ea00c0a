import Foundation
import StepJSON
import Testing
@testable import StepIntegrations

@Suite("Python handlers") struct PythonHandlerTests {
    @Test func answersWithTheHandlersResult() async {
        let f = Fixture()
        let h = f.python()
        let r = await h.invoke(invocation(["action": "echo", "n": 1.5, "list": [1, "a", nil]]))
        #expect(r.functionError == nil)
        #expect(parsed(r.payload) == ["action": "echo", "n": 1.5, "list": [1, "a", nil]])
        await h.shutdown()
    }

    @Test func anExceptionIsReportedAsAWSsPythonRuntimeDoes() async throws {
        let f = Fixture()
        let h = f.python()
        let r = await h.invoke(invocation(["action": "raise"], id: "req-1"))
        #expect(r.functionError == "Unhandled")
        let doc = try #require(parsed(r.payload).objectValue)
        #expect(doc.keys == ["errorMessage", "errorType", "requestId", "stackTrace"])
        #expect(doc["errorType"] == "CustomError")
        #expect(doc["errorMessage"] == "went wrong")
        #expect(doc["requestId"] == "req-1")
        let stack = try #require(doc["stackTrace"]?.arrayValue)
        #expect(stack.count == 1)
        #expect(stack.first == "  File \"/var/task/handlers.py\", line 9, in handler\n    raise CustomError(\"went wrong\")\n")
        // The runtime's own key spacing (Python's json.dumps), which bare function ARNs pass through.
        #expect(r.payload.hasPrefix("{\"errorMessage\": \"went wrong\", \"errorType\": \"CustomError\""))
        await h.shutdown()
    }

    @Test func consecutiveCallsReuseTheSameWarmWorker() async {
        let f = Fixture()
        let h = f.python(pool: 2)
        var pids: Set<String> = []
        for _ in 0..<5 {
            let r = await h.invoke(invocation(["action": "pid"]))
            pids.insert(r.payload)
            #expect(r.processId.map(String.init) == r.payload)
        }
        #expect(pids.count == 1)
        #expect(await h.liveWorkers == 1)
        await h.shutdown()
    }

    @Test func concurrentCallsUseUpToThePoolSize() async {
        let f = Fixture()
        let h = f.python(pool: 2)
        let pids = await withTaskGroup(of: String.self) { group in
            for _ in 0..<6 {
                group.addTask { await h.invoke(invocation(["action": "sleep", "seconds": 0.2])).processId.map(String.init) ?? "" }
            }
            var all: Set<String> = []
            for await p in group { all.insert(p) }
            return all
        }
        #expect(pids.count == 2)
        #expect(await h.liveWorkers == 2)
        await h.shutdown()
    }

    /// Workers die with the thread that started them (PR_SET_PDEATHSIG); an idle Dispatch thread is
    /// retired after a while, so they must be started from a thread that lives as long as the process.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["STEPLINE_LONG_TESTS"] == "1"))
    func anIdleWorkerStaysWarm() async throws {
        let f = Fixture()
        let h = f.python(pool: 1)
        let first = await h.invoke(invocation(["action": "pid"]))
        try await Task.sleep(for: .seconds(25))
        let second = await h.invoke(invocation(["action": "pid"]))
        #expect(first.payload == second.payload)
        await h.shutdown()
    }

    @Test func poolSizeZeroStartsAProcessPerCall() async {
        let f = Fixture()
        let h = f.python(pool: 0)
        let a = await h.invoke(invocation(["action": "pid"]))
        let b = await h.invoke(invocation(["action": "pid"]))
        #expect(a.functionError == nil && b.functionError == nil)
        #expect(a.payload != b.payload)
    }

    @Test func aCrashIsRuntimeExitErrorAndTheWorkerIsReplaced() async throws {
        let f = Fixture()
        let h = f.python(pool: 1)
        let first = await h.invoke(invocation(["action": "pid"]))
        let crash = await h.invoke(invocation(["action": "crash"], id: "req-c"))
        let doc = try #require(parsed(crash.payload).objectValue)
        #expect(doc["errorType"] == "Runtime.ExitError")
        #expect(doc["errorMessage"] == "RequestId: req-c Error: Runtime exited with error: exit status 3")
        let after = await h.invoke(invocation(["action": "pid"]))
        #expect(after.functionError == nil)
        #expect(after.payload != first.payload)
        await h.shutdown()
    }

    @Test func aCallPastItsTimeoutIsKilled() async throws {
        let f = Fixture()
        let h = f.python(pool: 1, timeout: 0.5)
        let start = DispatchTime.now().uptimeNanoseconds
        let r = await h.invoke(invocation(["action": "sleep", "seconds": 30], id: "req-t"))
        // Well under the 30 s the call would take: the timeout cut it short (loose, for a loaded machine).
        #expect(seconds(since: start) < 20)
        let doc = try #require(parsed(r.payload).objectValue)
        #expect(doc["errorType"] == "Sandbox.Timedout")
        #expect(doc["errorMessage"] == "RequestId: req-t Error: Task timed out after 0.50 seconds")
        let next = await h.invoke(invocation(["action": "echo"]))
        #expect(next.functionError == nil)
        await h.shutdown()
    }

    @Test func theCallersTimeoutAppliesWhenItIsShorter() async {
        let f = Fixture()
        let h = f.python(pool: 1, timeout: 30)
        let start = DispatchTime.now().uptimeNanoseconds
        let r = await h.invoke(invocation(["action": "sleep", "seconds": 30], timeout: 0.3))
        // Well under the 30 s the call would take: the timeout cut it short (loose, for a loaded machine).
        #expect(seconds(since: start) < 20)
        #expect(r.payload.contains("Sandbox.Timedout"))
        await h.shutdown()
    }

    @Test func cancellingTheCallingTaskKillsTheCall() async {
        let f = Fixture()
        let h = f.python(pool: 1)
        let start = DispatchTime.now().uptimeNanoseconds
        let task = Task { await h.invoke(invocation(["action": "sleep", "seconds": 30])) }
        try? await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let r = await task.value
        // Well under the 30 s the call would take: the timeout cut it short (loose, for a loaded machine).
        #expect(seconds(since: start) < 20)
        #expect(r.functionError != nil)
        let next = await h.invoke(invocation(["action": "echo"]))
        #expect(next.functionError == nil)
        await h.shutdown()
    }

    @Test func printingDoesNotCorruptTheProtocol() async {
        let f = Fixture()
        let h = f.python()
        let r = await h.invoke(invocation(["action": "print"], log: true))
        #expect(parsed(r.payload) == ["printed": true])
        #expect(r.log?.contains("noise on stdout") == true)
        let again = await h.invoke(invocation(["action": "echo", "x": 1]))
        #expect(parsed(again.payload) == ["action": "echo", "x": 1])
        await h.shutdown()
    }

    @Test func theContextHasLambdasFields() async throws {
        let f = Fixture()
        let h = f.python(timeout: 30)
        let r = await h.invoke(invocation(["action": "context"], timeout: 20, id: "req-ctx"))
        let o = try #require(parsed(r.payload).objectValue)
        #expect(o["function_name"] == "fixture")
        #expect(o["request_id"] == "req-ctx")
        #expect(o["arn"] == "arn:aws:lambda:us-east-1:111111111111:function:fixture")
        #expect(o["memory"] == "128")
        #expect(o["stage"] == "test")
        let remaining = try #require(o["remaining"]?.intValue)
        #expect(remaining > 15_000 && remaining <= 20_000)
        #expect(
            o["cwd"]?.stringValue.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                == URL(fileURLWithPath: f.directory).resolvingSymlinksInPath().path)
        await h.shutdown()
    }

    @Test func bytesAreReturnedAsTheyAre() async {
        let f = Fixture()
        let h = f.python()
        let r = await h.invoke(invocation(["action": "bytes"]))
        #expect(r.payload == "\"raw bytes\"")
        await h.shutdown()
    }

    @Test func importProblemsAreReportedAsLambdaDoes() async throws {
        let f = Fixture()
        f.write("broken.py", "def handler(event, context)\n    return 1\n")
        let syntax = PythonHandler(
            launch: PythonLaunch(
                interpreter: "python3", file: f.directory + "/broken.py", module: "broken", entry: "handler",
                codeDirectory: f.directory, environment: ProcessInfo.processInfo.environment),
            poolSize: 1, timeoutSeconds: 10)
        let r1 = await syntax.invoke(invocation([:]))
        #expect(parsed(r1.payload)["errorType"] == "Runtime.UserCodeSyntaxError")
        await syntax.shutdown()

        let missing = f.python(entry: "nothing_here")
        let r2 = await missing.invoke(invocation([:]))
        #expect(parsed(r2.payload)["errorType"] == "Runtime.HandlerNotFound")
        #expect(parsed(r2.payload)["errorMessage"] == "Handler 'nothing_here' missing on module 'handlers'")
        await missing.shutdown()
    }

    @Test func aMissingInterpreterIsAnErrorNotACrash() async {
        let f = Fixture()
        let h = PythonHandler(
            launch: PythonLaunch(
                interpreter: "no-such-python-here", file: f.directory + "/x.py", module: "x", entry: "handler",
                codeDirectory: f.directory, environment: ProcessInfo.processInfo.environment),
            poolSize: 1, timeoutSeconds: 10)
        let r = await h.invoke(invocation([:]))
        #expect(r.functionError != nil)
        #expect(r.payload.contains("no-such-python-here"))
        await h.shutdown()
    }
}
