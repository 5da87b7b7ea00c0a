import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepStore
import StepTesting
import Synchronization
import Testing

/// Timers, retry back-off and task timeouts on a manual clock: they fire when the test moves the clock
/// past them, never before, and the suite sleeps for none of them.
@Suite struct ManualClockTests {
    /// Fails its first `failures` calls with `Flaky.Error`, then answers `{"ok": true}`.
    final class FlakyRunner: TaskRunner {
        let calls = Mutex(0)
        let failures: Int
        init(failures: Int) { self.failures = failures }
        func run(_ request: TaskRequest) async -> TaskOutcome {
            let n = calls.withLock { c in
                c += 1
                return c
            }
            return n <= failures ? .failure(error: "Flaky.Error", cause: "call \(n)") : .success(["ok": true])
        }
    }

    /// Never answers until cancelled.
    struct SilentRunner: TaskRunner {
        func run(_ request: TaskRequest) async -> TaskOutcome {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
            return .failure(error: "Cancelled", cause: nil)
        }
    }

    func eventTypes(_ store: SQLiteExecutionStore, _ id: Int64) throws -> [String] {
        try store.history(executionId: id).compactMap { $0["type"]?.stringValue }
    }

    @Test func aWaitStateFiresWhenTheClockPassesItsDueTime() async throws {
        let db = TemporaryDatabase()
        let store = try db.open()
        let def = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"Next":"P"},"P":{"Type":"Pass","End":true}}}"#
        let r = try createExecution(store, machine: "wait", definition: def, name: "hour")
        let clock = ManualClock(now: WallClock.now())
        let service = DurableService(worker: StoreWorker(store), tasks: UnavailableTaskRunner(), clock: clock)
        try await service.startPending()
        #expect(try await eventually { await service.timerCount == 1 && clock.sleepers == 1 })

        clock.advance(seconds: 3599)
        await service.drain()
        let reader = try db.open()
        #expect(try reader.execution(id: r.id)?.status == .running)
        #expect(await service.timerCount == 1)

        clock.advance(seconds: 1)
        #expect(try await eventually { try reader.execution(id: r.id)?.status == .succeeded })
        #expect(try eventTypes(reader, r.id).contains("WaitStateExited"))
        #expect(await service.timerCount == 0)
    }

    @Test func retryBackOffWaitsOnTheClockAndGrowsByItsRate() async throws {
        let db = TemporaryDatabase()
        let store = try db.open()
        let def = #"""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f",
             "Retry":[{"ErrorEquals":["Flaky.Error"],"IntervalSeconds":600,"MaxAttempts":2,"BackoffRate":2}],"End":true}}}
            """#
        let r = try createExecution(store, machine: "retry", definition: def, name: "flaky")
        let clock = ManualClock(now: WallClock.now())
        let runner = FlakyRunner(failures: 2)
        let service = DurableService(worker: StoreWorker(store), tasks: runner, clock: clock)
        try await service.startPending()
        let reader = try db.open()

        // First attempt failed; the retry waits 600 s.
        #expect(try await eventually { runner.calls.withLock { $0 } == 1 && clock.sleepers == 1 })
        clock.advance(seconds: 599)
        await service.drain()
        #expect(runner.calls.withLock { $0 } == 1)
        clock.advance(seconds: 1)
        // Second attempt failed; the next retry waits 600 × 2 = 1,200 s.
        #expect(try await eventually { runner.calls.withLock { $0 } == 2 && clock.sleepers == 1 })
        clock.advance(seconds: 1199)
        await service.drain()
        #expect(runner.calls.withLock { $0 } == 2)
        #expect(try reader.execution(id: r.id)?.status == .running)
        clock.advance(seconds: 1)
        #expect(try await eventually { try reader.execution(id: r.id)?.status == .succeeded })
        #expect(runner.calls.withLock { $0 } == 3)
        #expect(try eventTypes(reader, r.id).filter { $0.hasSuffix("Scheduled") }.count == 3)
    }

    @Test func aTaskTimesOutWhenTheClockPassesTimeoutSeconds() async throws {
        let db = TemporaryDatabase()
        let store = try db.open()
        let def = #"""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f",
             "TimeoutSeconds":300,"End":true}}}
            """#
        let r = try createExecution(store, machine: "timeout", definition: def, name: "slow")
        let clock = ManualClock(now: WallClock.now())
        let service = DurableService(worker: StoreWorker(store), tasks: SilentRunner(), clock: clock)
        try await service.startPending()
        let reader = try db.open()
        #expect(try await eventually { await service.runningTaskCount == 1 && clock.sleepers == 1 })
        clock.advance(seconds: 300)
        #expect(try await eventually { try reader.execution(id: r.id)?.status == .failed })
        #expect(try reader.execution(id: r.id)?.error == "States.Timeout")
        #expect(try await eventually { await service.runningTaskCount == 0 })
    }
}
