import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepMapRun
import StepRuntime
import StepService
import StepStore
import StepTesting
import Testing

/// A `STANDARD` Distributed Map run by the durable service: each child is a Standard execution of its own,
/// with its history, named after the map run, and found again (not run twice) after a restart.
@Suite struct StandardMapRunTests {
    let definition = #"""
        {"StartAt":"Fan","States":{"Fan":{"Type":"Map","Label":"Each","MaxConcurrency":2,
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
            "StartAt":"Pause","States":{
              "Pause":{"Type":"Wait","SecondsPath":"$.wait","Next":"Double"},
              "Double":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($.n, $.n)"},"End":true}}},
          "End":true}}}
        """#

    func service(_ db: TemporaryDatabase) throws -> (DurableService, ServiceSlot) {
        let slot = ServiceSlot()
        let tasks = MapRunTaskRunner.inProcess(
            UnavailableTaskRunner(), buckets: Buckets(), executor: { DurableChildExecutor(service: slot, express: $0) })
        let service = DurableService(worker: StoreWorker(try db.open()), tasks: tasks)
        slot.attach(service)
        return (service, slot)
    }

    @Test func childrenAreStandardExecutionsWithTheirOwnHistory() async throws {
        let db = TemporaryDatabase()
        let items: JSON = .array((1...4).map { .object(["n": .int($0), "wait": 0]) })
        let r = try createExecution(try db.open(), machine: "fan", definition: definition, name: "f", input: items)
        let (service, _) = try service(db)
        try await service.startPending()
        #expect(try await eventually { try db.open().execution(id: r.id)?.status == .succeeded })
        let out = try JSON(parsing: try #require(try db.open().execution(id: r.id)?.output))
        #expect(out == .array([["v": 2], ["v": 4], ["v": 6], ["v": 8]]))
        let children = try db.open().listExecutions(stateMachine: "fan/Each", status: nil, limit: 10)
        #expect(children.count == 4)
        #expect(children.allSatisfy { $0.status == .succeeded && $0.arn.contains(":execution:fan/Each:") })
        let runStarted = try db.open().history(executionId: r.id).first { $0["type"] == "MapRunStarted" }
        let runArn = try #require(runStarted?["mapRunStartedEventDetails"]?["mapRunArn"]?.stringValue)
        #expect(try db.open().mapRunExecutions(mapRunArn: runArn, status: nil, limit: 10).count == 4)
        #expect(try db.open().mapRunExecutions(mapRunArn: runArn + "x", status: nil, limit: 10).isEmpty)
        let child = try #require(children.first)
        let types = try db.open().history(executionId: child.id).compactMap { $0["type"]?.stringValue }
        #expect(types.first == "ExecutionStarted")
        #expect(types.contains("WaitStateEntered") && types.last == "ExecutionSucceeded")
        await service.drain()
    }

    @Test func aRestartFindsTheChildrenAlreadyStarted() async throws {
        let db = TemporaryDatabase()
        let items: JSON = .array((1...3).map { .object(["n": .int($0), "wait": 1]) })
        let r = try createExecution(try db.open(), machine: "slow", definition: definition, name: "s", input: items)
        let (first, _) = try service(db)
        try await first.startPending()
        #expect(try await eventually { try db.open().listExecutions(stateMachine: "slow/Each", status: nil, limit: 10).count == 2 })
        await first.drain()
        let (second, _) = try service(db)
        try await second.recover()
        #expect(try await eventually { try db.open().execution(id: r.id)?.status == .succeeded })
        #expect(try db.open().listExecutions(stateMachine: "slow/Each", status: nil, limit: 10).count == 3, "three children, none twice")
        let out = try JSON(parsing: try #require(try db.open().execution(id: r.id)?.output))
        #expect(out == .array([["v": 2], ["v": 4], ["v": 6]]))
        await second.drain()
    }
}
