import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepStore
import StepTesting
import Testing

@Suite struct ExpressAndLimitsTests {
    func express(_ store: SQLiteExecutionStore, level: String, name: String, definition: String) throws -> ExecutionRecord {
        let now = WallClock.now()
        let sm = try store.upsertStateMachine(name: "x-\(level)", definition: definition, type: .express, loggingLevel: level, now: now)
        let new = NewExecution(
            arn: "arn:aws:states:us-east-1:111111111111:express:x-\(level):\(name)", name: name,
            stateMachine: sm.name, stateMachineArn: sm.arn, version: nil, type: .express, input: "{}", startDate: now)
        return try store.createExecution(new).record
    }

    @Test(arguments: [("OFF", false), ("ALL", true)])
    func expressKeepsItsHistoryOnlyWhenLogged(level: String, kept: Bool) async throws {
        let db = TemporaryDatabase()
        let store = try db.open()
        let def = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"ok":true},"Next":"B"},"B":{"Type":"Succeed"}}}"#
        let r = try express(store, level: level, name: "e1", definition: def)
        let service = DurableService(worker: StoreWorker(store), tasks: UnavailableTaskRunner())
        try await service.startPending()
        let reader = try db.open()
        #expect(try await eventually { try reader.execution(id: r.id)?.status == .succeeded })
        #expect(try reader.execution(id: r.id)?.output == #"{"ok":true}"#)
        #expect(try reader.history(executionId: r.id).isEmpty == !kept)
        #expect(try reader.timers().isEmpty && reader.pendingTasks().isEmpty)
    }

    @Test func standardExecutionsStopAtTheHistoryLimit() async throws {
        let db = TemporaryDatabase()
        let store = try db.open()
        // An endless Pass/Choice loop: 3 events a turn, so the limit is reached without any timer.
        let def = #"""
            {"StartAt":"Inc","States":{
              "Inc":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 1)"},"Next":"Loop"},
              "Loop":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":-1,"Next":"Inc"}],"Default":"Done"},
              "Done":{"Type":"Succeed"}}}
            """#
        let r = try createExecution(store, machine: "loop", definition: def, name: "forever", input: ["n": 0])
        let service = DurableService(worker: StoreWorker(store), tasks: UnavailableTaskRunner())
        try await service.startPending()
        await service.drain()
        let done = try #require(try db.open().execution(id: r.id))
        #expect(done.status == .failed)
        #expect(done.error == "States.Runtime")
        let events = try db.open().history(executionId: r.id)
        #expect(events.count <= Engine.standardHistoryLimit)
        #expect(events.last?["type"] == "ExecutionFailed")
    }
}
