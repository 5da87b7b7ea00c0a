import Foundation
import StepEngine
import StepIntegrations
import StepJSON
import StepRuntime
import Testing

/// Handlers run as children that inherit nothing of the service but their three pipes, that cannot hang
/// the service by filling a pipe, and that die with the task that started them.
@Suite struct SpawnedCommandTests {
    /// The descriptors a child sees, less the one it uses to list them.
    static let listDescriptors = """
        python3 -c 'import os, json, sys
        sys.stdin.read()
        fds = sorted(int(x) for x in os.listdir("/proc/self/fd"))
        fds.remove(min(f for f in fds if f > 2))
        print(json.dumps({"fds": fds}))'
        """

    static func request(_ resource: String, _ input: JSON = [:]) -> TaskRequest {
        TaskRequest(
            id: 1, resource: resource, input: input, stateName: "S", timeoutSeconds: nil, heartbeatSeconds: nil, taskToken: nil,
            credentials: nil, executionArn: "arn:x")
    }

    /// `body`'s answer, or nil once `seconds` have passed (the body's task is then cancelled, which kills
    /// its command): a broken pipe loop fails the test instead of hanging the suite.
    static func within<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async -> T) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Whether `pid` is a live process (a zombie is not: it only waits to be reaped).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        guard let end = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: end)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    @Test func aCommandHandlerInheritsOnlyItsThreePipes() async throws {
        // A socket of this process that is not close-on-exec: exactly what must not leak.
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(socketFD > 2)
        defer { close(socketFD) }
        let runner = CommandTaskRunner(commands: ["fds": Self.listDescriptors])
        let outcome = await runner.run(Self.request("fds"))
        guard case .success(let value) = outcome else {
            Issue.record("the handler failed: \(outcome)")
            return
        }
        #expect(value["fds"] == [0, 1, 2])
    }

    @Test(.timeLimit(.minutes(1)))
    func aChattyHandlerWithALargeInputNeitherHangsNorLosesOutput() async throws {
        let script = """
            python3 -c 'import sys
            sys.stderr.write("x" * 1048576); sys.stderr.flush()
            data = sys.stdin.read()
            print(len(data))'
            """
        let big = String(repeating: "y", count: 1 << 20)
        let runner = CommandTaskRunner(commands: ["chatty": script])
        let outcome = await Self.within(30) { await runner.run(Self.request("chatty", ["data": .string(big)])) }
        #expect(outcome == .success(.int(big.count + #"{"data":""}"#.count)))
    }

    /// 1 MiB to stderr before reading any input, 1 MiB of input, and JSON on stdout: every byte of each arrives.
    @Test(.timeLimit(.minutes(1)))
    func aMebibyteOnStderrAndAMebibyteOfInputArriveIntact() async throws {
        let script = """
            import hashlib, json, sys
            sys.stderr.write("e" * 1048576); sys.stderr.flush()
            data = sys.stdin.buffer.read()
            print(json.dumps({"read": len(data), "sha": hashlib.sha256(data).hexdigest()}))
            """
        let input = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let expectedSHA = try await SpawnedCommand.run(
            ["python3", "-c", "import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())"], input: input)
        let result = await Self.within(30) { try? await SpawnedCommand.run(["python3", "-c", script], input: input) }
        guard let result = result ?? nil else {
            Issue.record("the handler hung or failed")
            return
        }
        #expect(result.status == 0)
        #expect(result.stderr.count == 1 << 20)
        #expect(result.stderr.allSatisfy { $0 == UInt8(ascii: "e") })
        let answer = try JSON(parsing: String(decoding: result.stdout, as: UTF8.self))
        #expect(answer["read"] == .int(1 << 20))
        let sha = String(decoding: expectedSHA.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(answer["sha"] == .string(sha))
    }

    @Test func stderrIsTheCauseOfAFailure() async throws {
        let result = try await SpawnedCommand.run(["/bin/sh", "-c", "echo broken >&2; exit 3"], input: [])
        #expect(result.status == 3)
        #expect(String(decoding: result.stderr, as: UTF8.self) == "broken\n")
        let runner = CommandTaskRunner(commands: ["broken": "echo some output; echo broken >&2; exit 3"])
        #expect(await runner.run(Self.request("broken")) == .failure(error: "States.TaskFailed", cause: "broken"))
    }

    @Test func onlyTheLastMebibyteOfStderrIsKept() async throws {
        let result = try await SpawnedCommand.run(
            ["python3", "-c", #"import sys; sys.stderr.write("a" * 3000000 + "z" * 10); print("{}")"#], input: [])
        #expect(result.stderr.count == SpawnedCommand.errorLimit)
        #expect(result.stderr.suffix(10).allSatisfy { $0 == UInt8(ascii: "z") })
        #expect(String(decoding: result.stdout, as: UTF8.self) == "{}\n")
    }

    @Test(.timeLimit(.minutes(1)))
    func aHandlerThatIgnoresALargeInputStillAnswers() async {
        let big = String(repeating: "y", count: 4 << 20)
        let runner = CommandTaskRunner(commands: ["deaf": #"echo '{"ok": true}'"#])
        let outcome = await Self.within(30) { await runner.run(Self.request("deaf", ["data": .string(big)])) }
        #expect(outcome == .success(["ok": true]))
    }

    @Test func anErrorTypeAnswerIsTheTasksError() async {
        let runner = CommandTaskRunner(commands: [
            "fails": #"cat > /dev/null; echo '{"errorType": "Custom.Error", "errorMessage": "boom"}'"#
        ])
        guard case .failure(let error, let cause) = await runner.run(Self.request("fails")) else {
            Issue.record("an error answer succeeded")
            return
        }
        #expect(error == "Custom.Error")
        #expect(cause.flatMap { try? JSON(parsing: $0) } == ["errorType": "Custom.Error", "errorMessage": "boom"])
    }

    @Test func emptyOutputIsNullAndOtherTextIsAFailure() async {
        let runner = CommandTaskRunner(commands: ["quiet": "true", "chatty": "echo hello"])
        #expect(await runner.run(Self.request("quiet")) == .success(.null))
        guard case .failure("States.TaskFailed", let cause) = await runner.run(Self.request("chatty")) else {
            Issue.record("non-JSON output succeeded")
            return
        }
        #expect(cause?.contains("not JSON") == true)
    }

    @Test func outputPastTheLimitKillsTheCommandAndFails() async {
        await #expect(throws: SpawnedCommand.Failure.self) {
            _ = try await SpawnedCommand.run(["/bin/sh", "-c", "yes"], input: [], outputLimit: 100_000)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingTheTaskKillsTheCommandAndItsChildren() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepline-cancel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("pids").path
        let script = "sleep 60 & echo $$ $! > '\(pidFile)'; wait"
        let task = Task { try await SpawnedCommand.run(["/bin/sh", "-c", script], input: []) }
        var pids: [Int32] = []
        for _ in 0..<200 where pids.count < 2 {
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8), text.hasSuffix("\n") {
                pids = text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
            if pids.count < 2 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(pids.count == 2)
        let cancelled = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - cancelled < .seconds(20))
        if case .success = result { Issue.record("a cancelled command succeeded") }
        for pid in pids {
            for _ in 0..<40 where Self.isAlive(pid) { try await Task.sleep(for: .milliseconds(50)) }
            #expect(!Self.isAlive(pid), "process \(pid) outlived its task")
        }
    }

    @Test func anUnknownProgramIsAFailureNotACrash() async {
        await #expect(throws: SpawnedCommand.Failure.self) { _ = try await SpawnedCommand.run(["/no/such/program"], input: []) }
    }
}
