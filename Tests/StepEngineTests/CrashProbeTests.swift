import Foundation
import Testing

/// Inputs that once crashed the engine run in a child `stepline run` process, so that a crash fails one test
/// instead of ending the whole test run. Each must end with an ordinary exit status (0 or 1), never a signal.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let stepline = packageRoot.appendingPathComponent(".build/debug/stepline").path

struct CrashProbe: Sendable, CustomTestStringConvertible {
    let name: String
    let definition: String
    let input: String
    let knownCrash: Bool
    var testDescription: String { name }
}

private let task = "arn:aws:states:::x:y"

private let probes: [CrashProbe] = [
    CrashProbe(
        name: "state machine TimeoutSeconds near Int.max",
        definition: #"{"StartAt":"A","TimeoutSeconds":9223372036854775807,"States":{"A":{"Type":"Pass","End":true}}}"#,
        input: "{}", knownCrash: true),
    CrashProbe(
        name: "Task TimeoutSeconds near Int.max",
        definition:
            #"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"\#(task)","TimeoutSeconds":9223372036854775807,"End":true}}}"#,
        input: "{}", knownCrash: true),
    CrashProbe(
        name: "TimeoutSecondsPath to a huge number",
        definition: #"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"\#(task)","TimeoutSecondsPath":"$.t","End":true}}}"#,
        input: #"{"t":9223372036854775807}"#, knownCrash: true),
    CrashProbe(
        name: "HeartbeatSecondsPath to a huge number",
        definition: #"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"\#(task)","HeartbeatSecondsPath":"$.t","End":true}}}"#,
        input: #"{"t":9223372036854775807}"#, knownCrash: true),
    CrashProbe(
        name: "Retry IntervalSeconds beyond Int milliseconds",
        definition:
            #"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"\#(task)","Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":99999999999999999,"MaxAttempts":3}],"End":true}}}"#,
        input: "{}", knownCrash: true),
    CrashProbe(
        name: "Wait Seconds near Int.max",
        definition: #"{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":9223372036854775807,"End":true}}}"#,
        input: "{}", knownCrash: false),
    CrashProbe(
        name: "Wait SecondsPath near Int.max",
        definition: #"{"StartAt":"A","States":{"A":{"Type":"Wait","SecondsPath":"$.s","End":true}}}"#,
        input: #"{"s":9223372036854775807}"#, knownCrash: false),
    CrashProbe(
        name: "Map MaxConcurrencyPath and ToleratedFailureCountPath near Int.max",
        definition:
            #"{"StartAt":"A","States":{"A":{"Type":"Map","MaxConcurrencyPath":"$.m","ToleratedFailureCountPath":"$.m","ItemsPath":"$.i","ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Fail"}}},"End":true}}}"#,
        input: #"{"m":9223372036854775807,"i":[1,2]}"#, knownCrash: false),
    CrashProbe(
        name: "deep InputPath into a long array index",
        definition: #"{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.a[-9223372036854775807]","End":true}}}"#,
        input: #"{"a":[1]}"#, knownCrash: false),
]

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: stepline), "needs the stepline binary built beside the tests"))
struct CrashProbeTests {
    /// Runs one probe; returns how the child process ended.
    private func run(_ probe: CrashProbe) throws -> (reason: Process.TerminationReason, status: Int32, stderr: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stepline-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let definition = dir.appendingPathComponent("definition.json")
        try probe.definition.write(to: definition, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: stepline)
        p.arguments = ["run", definition.path, "--input", probe.input, "--task", "\(task)=exit 1"]
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationReason, p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs the probe on a dispatch thread: waiting for a child process must not block the test runner's
    /// cooperative threads (that starves other tests' timers).
    private func runOffPool(_ probe: CrashProbe) async throws -> (reason: Process.TerminationReason, status: Int32, stderr: String) {
        try await withCheckedThrowingContinuation { c in
            DispatchQueue.global().async { c.resume(with: Result { try run(probe) }) }
        }
    }

    @Test(arguments: probes)
    func endsWithoutCrashing(_ probe: CrashProbe) async throws {
        let (reason, status, stderr) = try await runOffPool(probe)
        #expect(reason == .exit, "\(stderr.suffix(300))")
        #expect(status == 0 || status == 1 || status == 2)
    }
}
