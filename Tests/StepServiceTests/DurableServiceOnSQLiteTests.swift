import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepStore
import StepTesting
import Testing

@Suite struct DurableServiceOnSQLiteTests {
    @Test func serviceRunsExecutionsWithFullHistory() async throws {
        let db = TemporaryDatabase()
        let store = try db.open()
        let def = #"""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs","ItemProcessor":{"StartAt":"D","States":{"D":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($, 1)"},"End":true}}},"Next":"W"},
             "W":{"Type":"Wait","Seconds":0,"End":true}}}
            """#
        var ids: [Int64] = []
        for i in 0..<5 {
            ids.append(try createExecution(store, machine: "m", definition: def, name: "e\(i)", input: ["xs": [1, 2, .int(i)]]).id)
        }
        let worker = StoreWorker(store)
        let service = DurableService(worker: worker, tasks: UnavailableTaskRunner())
        #expect(try await service.startPending() == 5)
        await service.drain()
        let reader = try db.open()
        for (i, id) in ids.enumerated() {
            let r = try #require(try reader.execution(id: id))
            #expect(r.status == .succeeded)
            #expect(try JSON(parsing: r.output ?? "") == [["v": 2], ["v": 3], ["v": .int(i + 1)]])
            let events = try reader.history(executionId: id)
            #expect(events.map { $0["id"]?.intValue ?? 0 } == Array(1...events.count))
            #expect(events.first?["type"] == "ExecutionStarted")
            #expect(events.last?["type"] == "ExecutionSucceeded")
            #expect(events.contains { $0["type"] == "MapIterationSucceeded" })
        }
    }

    @Test func stopAndRedriveThroughTheService() async throws {
        let db = TemporaryDatabase()
        let store = try db.open()
        let def = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#
        let r = try createExecution(store, machine: "w", definition: def, name: "long")
        let worker = StoreWorker(store)
        let service = DurableService(worker: worker, tasks: UnavailableTaskRunner())
        try await service.startPending()
        await service.drain()
        #expect(await service.timerCount == 1)
        try await worker.run { (s) throws(StoreError) in
            try s.enqueueRequest(executionId: r.id, kind: .stop, error: "Manual", cause: "stopped by test")
        }
        try await service.handleRequests()
        await service.drain()
        let stopped = try #require(try db.open().execution(id: r.id))
        #expect(stopped.status == .aborted)
        #expect(stopped.error == "Manual")
        #expect(try db.open().timers().isEmpty)
        try await worker.run { (s) throws(StoreError) in try s.enqueueRequest(executionId: r.id, kind: .redrive, error: nil, cause: nil) }
        try await service.handleRequests()
        await service.drain()
        let redriven = try #require(try db.open().execution(id: r.id))
        #expect(redriven.status == .running)
        #expect(redriven.redriveCount == 1)
        let types = try db.open().history(executionId: r.id).compactMap { $0["type"]?.stringValue }
        #expect(types.suffix(3) == ["ExecutionAborted", "ExecutionRedriven", "WaitStateEntered"])
    }

}
