import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepStore
import StepTesting

/// Registers a definition and creates an execution waiting to start.
func createExecution(
    _ store: SQLiteExecutionStore, machine: String, definition: String, name: String, input: JSON = [:]
) throws -> ExecutionRecord {
    let now = WallClock.now()
    if try store.stateMachine(name: machine)?.definition != definition {
        _ = try store.upsertStateMachine(name: machine, definition: definition, type: .standard, loggingLevel: "OFF", now: now)
    }
    let sm = try #require(try store.stateMachine(name: machine))
    let new = NewExecution(
        arn: sm.arn.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":" + name, name: name,
        stateMachine: machine, stateMachineArn: sm.arn, version: nil, type: .standard, input: input.serialized(),
        startDate: now)
    return try store.createExecution(new).record
}

import Testing

/// Polls until `condition` holds or `seconds` pass.
func eventually(_ seconds: Double = 30, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(nanoseconds: 10_000_000)
    }
    return try await condition()
}

/// The process's resident set size in bytes, from /proc.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// The number of threads of this process, from /proc.
func threadCount() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("Threads:") {
        return Int(line.dropFirst(8).trimmingCharacters(in: .whitespaces)) ?? 0
    }
    return 0
}
