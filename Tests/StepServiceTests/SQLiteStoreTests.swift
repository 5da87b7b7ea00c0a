import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepStore
import StepTesting
import Testing

@Suite struct SQLiteStoreTests {
    let pass = #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#

    @Test func stateMachinesRevisionsVersionsAndAliases() throws {
        let db = TemporaryDatabase()
        let store = try db.open()
        let now = WallClock.now()
        let a = try store.upsertStateMachine(name: "m", definition: pass, type: .standard, loggingLevel: "OFF", now: now)
        #expect(a.revision == 1)
        #expect(a.arn == "arn:aws:states:us-east-1:111111111111:stateMachine:m")
        let same = try store.upsertStateMachine(name: "m", definition: pass, type: .standard, loggingLevel: "OFF", now: now)
        #expect(same.revision == 1)
        let v1 = try store.publishVersion(stateMachine: "m", description: "first", now: now)
        #expect(v1.version == 1 && v1.arn.hasSuffix(":m:1"))
        let other = #"{"StartAt":"Q","States":{"Q":{"Type":"Succeed"}}}"#
        let b = try store.upsertStateMachine(name: "m", definition: other, type: .standard, loggingLevel: "OFF", now: now)
        #expect(b.revision == 2)
        let v2 = try store.publishVersion(stateMachine: "m", description: nil, now: now)
        #expect(v2.version == 2)
        #expect(try store.version(stateMachine: "m", number: 1)?.definition == pass)
        let alias = try store.createAlias(
            stateMachine: "m", name: "live", routing: [.init(version: 1, weight: 90), .init(version: 2, weight: 10)],
            description: nil, now: now)
        #expect(try store.alias(stateMachine: "m", name: "live")?.routing == alias.routing)
        #expect(throws: StoreError.self) {
            try store.createAlias(stateMachine: "m", name: "bad", routing: [.init(version: 1, weight: 50)], description: nil, now: now)
        }
        #expect(throws: StoreError.self) { try store.publishVersion(stateMachine: "nope", description: nil, now: now) }
    }

    @Test func executionNamesAreIdempotentAsInAWS() throws {
        let db = TemporaryDatabase()
        let store = try db.open()
        let first = try createExecution(store, machine: "m", definition: pass, name: "run-1", input: ["a": 1])
        let again = try createExecution(store, machine: "m", definition: pass, name: "run-1", input: ["a": 1])
        #expect(again.id == first.id)
        do {
            _ = try createExecution(store, machine: "m", definition: pass, name: "run-1", input: ["a": 2])
            Issue.record("expected ExecutionAlreadyExists")
        } catch let e as StoreError {
            #expect(e.code == .executionAlreadyExists)
        }
    }

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

    @Test func aGarbageFileIsACorruptDatabaseNotACrash() throws {
        let db = TemporaryDatabase()
        _ = FileManager.default.createFile(atPath: db.path, contents: Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 * 7) }))
        #expect {
            _ = try SQLiteExecutionStore(path: db.path)
        } throws: { ($0 as? StoreError)?.code == .corrupt }
    }

    @Test func aReadOnlyDatabaseRefusesWritesClearly() throws {
        let db = TemporaryDatabase()
        _ = try db.open()
        let ro = try SQLiteExecutionStore(path: db.path, readOnly: true)
        #expect {
            _ = try ro.upsertStateMachine(name: "x", definition: pass, type: .standard, loggingLevel: "OFF", now: WallClock.now())
        } throws: { ($0 as? StoreError)?.code == .readOnly }
    }
}
