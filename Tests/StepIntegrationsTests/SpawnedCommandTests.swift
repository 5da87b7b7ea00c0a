import Foundation
import StepEngine
import StepJSON
import StepRuntime
import Testing

/// Handlers run as children that inherit nothing of the service but their three pipes, and that cannot hang
/// the service by filling a pipe.
@Suite struct SpawnedCommandTests {
    /// The descriptors a child sees, less the one it uses to list them.
    static let listDescriptors = """
        python3 -c 'import os, json, sys
        sys.stdin.read()
        fds = sorted(int(x) for x in os.listdir("/proc/self/fd"))
        fds.remove(min(f for f in fds if f > 2))
        print(json.dumps({"fds": fds}))'
        """

    @Test func aCommandHandlerInheritsOnlyItsThreePipes() async throws {
        // A socket of this process that is not close-on-exec: exactly what must not leak.
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(socketFD > 2)
        defer { close(socketFD) }
        let runner = CommandTaskRunner(commands: ["fds": Self.listDescriptors])
        let outcome = await runner.run(
            TaskRequest(
                id: 1, resource: "fds", input: [:], stateName: "S", timeoutSeconds: nil, heartbeatSeconds: nil, taskToken: nil,
                credentials: nil, executionArn: "arn:x"))
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
        let outcome = await runner.run(
            TaskRequest(
                id: 1, resource: "chatty", input: ["data": .string(big)], stateName: "S", timeoutSeconds: nil, heartbeatSeconds: nil,
                taskToken: nil, credentials: nil, executionArn: "arn:x"))
        #expect(outcome == .success(.int(big.count + #"{"data":""}"#.count)))
    }

    @Test func stderrIsTheCauseOfAFailure() throws {
        let result = try SpawnedCommand.run(["/bin/sh", "-c", "echo broken >&2; exit 3"], input: [])
        #expect(result.status == 3)
        #expect(String(decoding: result.stderr, as: UTF8.self) == "broken\n")
    }

    @Test func anUnknownProgramIsAFailureNotACrash() {
        #expect(throws: SpawnedCommand.Failure.self) { _ = try SpawnedCommand.run(["/no/such/program"], input: []) }
    }
}
