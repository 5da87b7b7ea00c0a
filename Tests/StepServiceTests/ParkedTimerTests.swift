import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepStore
import StepTesting
import Testing

/// Executions parked in Wait states cost a heap entry each: no task, no thread, no engine state in memory.
@Suite struct ParkedTimerTests {
    /// 1,000 by default; 10,000 with STEPLINE_LONG_TESTS=1 (scripts/test sets it).
    var count: Int { ProcessInfo.processInfo.environment["STEPLINE_LONG_TESTS"] == "1" ? 10_000 : 1_000 }

    @Test func parkedExecutionsHoldNoTaskThreadOrState() async throws {
        let db = TemporaryDatabase()
        let store = try db.open()
        let def = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"Next":"P"},"P":{"Type":"Pass","End":true}}}"#
        _ = try createExecution(store, machine: "park", definition: def, name: "warm-up")
        for i in 0..<count { _ = try createExecution(store, machine: "park", definition: def, name: "p\(i)") }
        let worker = StoreWorker(store)
        let service = DurableService(worker: worker, tasks: UnavailableTaskRunner(), cacheLimit: 100)
        try await service.startPending(limit: 1)
        await service.drain()
        let threadsBefore = threadCount()
        let rssBefore = residentBytes()
        while try await service.startPending(limit: 1000) > 0 {}
        await service.drain()
        #expect(await service.timerCount == count + 1)
        #expect(await service.runningTaskCount == 0)
        #expect(await service.openCount <= 100)
        // Other suites run beside this one and may start a few threads; one per execution would be thousands.
        #expect(threadCount() < threadsBefore + 64)
        let grown = residentBytes() - rssBefore
        // Memory is measured only when this suite runs alone (STEPLINE_MEASURE_RSS=1, as scripts/test does):
        // suites running beside it in the same process allocate too.
        if ProcessInfo.processInfo.environment["STEPLINE_MEASURE_RSS"] == "1" {
            // A parked execution's row (engine state, two history events, a timer) is a few hundred bytes;
            // allow ~4 KiB each for allocator slack, plus 16 MiB for tests running beside this one in the same
            // process: far below a task (or thread) per execution.
            #expect(grown < 16 << 20 + count * 4096, "RSS grew by \(grown) bytes for \(count) parked executions")
        }
        #expect(try db.open().timers().count == count + 1)
    }
}
