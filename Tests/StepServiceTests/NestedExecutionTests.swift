import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepStore
import StepTesting
import Testing

/// `states:startExecution` in each integration pattern: the child is a real execution in the same store,
/// `.sync` waits for it (also across a restart), and stopping the parent stops the child.
@Suite struct NestedExecutionTests {
    let child = #"""
        {"StartAt":"Check","States":{
          "Check":{"Type":"Choice","Choices":[{"Variable":"$.fail","BooleanEquals":true,"Next":"Boom"}],"Default":"Wait"},
          "Wait":{"Type":"Wait","SecondsPath":"$.wait","Next":"Done"},
          "Done":{"Type":"Pass","Parameters":{"doubled.$":"States.MathAdd($.n, $.n)"},"End":true},
          "Boom":{"Type":"Fail","Error":"ChildBroke","Cause":"as asked"}}}
        """#

    func parent(_ resource: String, catchAll: Bool = false) -> String {
        let c = catchAll ? #","Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Caught"}]"# : ""
        let caught = catchAll ? #","Caught":{"Type":"Pass","End":true}"# : ""
        return #"""
            {"StartAt":"Run","States":{
              "Run":{"Type":"Task","Resource":"\#(resource)",
                     "Parameters":{"StateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:child",
                                   "Input":{"n.$":"$.n","wait.$":"$.wait","fail.$":"$.fail",
                                            "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$":"$$.Execution.Id"}}\#(c),
                     "End":true}\#(caught)}}
            """#
    }

    func setUp(_ db: TemporaryDatabase) throws -> SQLiteExecutionStore {
        let store = try db.open()
        _ = try store.upsertStateMachine(name: "child", definition: child, type: .standard, loggingLevel: "OFF", now: WallClock.now())
        return store
    }

    @Test func syncWaitsForTheChildAndReturnsItsOutputAsText() async throws {
        let db = TemporaryDatabase()
        let store = try setUp(db)
        let r = try createExecution(
            store, machine: "parent", definition: parent("arn:aws:states:::states:startExecution.sync"), name: "p1",
            input: ["n": 21, "wait": 0, "fail": false])
        let service = DurableService(worker: StoreWorker(store), tasks: UnavailableTaskRunner())
        try await service.startPending()
        #expect(try await eventually { try db.open().execution(id: r.id)?.status == .succeeded })
        let out = try JSON(parsing: try #require(try db.open().execution(id: r.id)?.output))
        #expect(out["Status"] == "SUCCEEDED")
        #expect(out["Output"] == .string(#"{"doubled":42}"#))
        #expect(out["Input"]?.stringValue?.contains("AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID") == true)
        let childArn = try #require(out["ExecutionArn"]?.stringValue)
        #expect(try db.open().execution(reference: childArn)?.status == .succeeded)
        await service.drain()
    }

    @Test func sync2ReturnsJSONAndAFailedChildFailsTheTaskWithItsDescription() async throws {
        let db = TemporaryDatabase()
        let store = try setUp(db)
        let ok = try createExecution(
            store, machine: "parent2", definition: parent("arn:aws:states:::states:startExecution.sync:2"), name: "ok",
            input: ["n": 2, "wait": 0, "fail": false])
        let bad = try createExecution(
            store, machine: "parent3", definition: parent("arn:aws:states:::states:startExecution.sync:2", catchAll: true),
            name: "bad", input: ["n": 2, "wait": 0, "fail": true])
        let service = DurableService(worker: StoreWorker(store), tasks: UnavailableTaskRunner())
        try await service.startPending()
        #expect(try await eventually { try db.open().execution(id: ok.id)?.status == .succeeded })
        #expect(try await eventually { try db.open().execution(id: bad.id)?.status == .succeeded })
        let out = try JSON(parsing: try #require(try db.open().execution(id: ok.id)?.output))
        #expect(out["Output"] == ["doubled": 4])
        let caught = try JSON(parsing: try #require(try db.open().execution(id: bad.id)?.output))
        #expect(caught["error"]?["Error"] == "States.TaskFailed")
        let cause = try JSON(parsing: try #require(caught["error"]?["Cause"]?.stringValue))
        #expect(cause["Status"] == "FAILED")
        #expect(cause["Error"] == "ChildBroke")
        await service.drain()
    }

    @Test func requestResponseAnswersAtOnceAndAnUnknownMachineIsAnError() async throws {
        let db = TemporaryDatabase()
        let store = try setUp(db)
        let r = try createExecution(
            store, machine: "fire", definition: parent("arn:aws:states:::states:startExecution"), name: "f",
            input: ["n": 1, "wait": 30, "fail": false])
        let missing = try createExecution(
            store, machine: "missing",
            definition: parent("arn:aws:states:::states:startExecution").replacingOccurrences(
                of: "stateMachine:child", with: "stateMachine:nope"),
            name: "m", input: ["n": 1, "wait": 0, "fail": false])
        let service = DurableService(worker: StoreWorker(store), tasks: UnavailableTaskRunner())
        try await service.startPending()
        #expect(try await eventually { try db.open().execution(id: r.id)?.status == .succeeded })
        let out = try JSON(parsing: try #require(try db.open().execution(id: r.id)?.output))
        let childArn = try #require(out["ExecutionArn"]?.stringValue)
        #expect(out["StartDate"]?.isNumber == true)
        #expect(try db.open().execution(reference: childArn)?.status == .running, "the child runs on by itself")
        #expect(try await eventually { try db.open().execution(id: missing.id)?.status == .failed })
        #expect(try db.open().execution(id: missing.id)?.error == "StepFunctions.StateMachineDoesNotExistException")
        await service.drain()
    }

    @Test func stoppingTheParentStopsASyncChild() async throws {
        let db = TemporaryDatabase()
        let store = try setUp(db)
        let r = try createExecution(
            store, machine: "stopper", definition: parent("arn:aws:states:::states:startExecution.sync"), name: "s",
            input: ["n": 1, "wait": 3600, "fail": false])
        let service = DurableService(worker: StoreWorker(store), tasks: UnavailableTaskRunner())
        try await service.startPending()
        #expect(try await eventually { try db.open().listExecutions(stateMachine: "child", status: nil, limit: 10).count == 1 })
        await service.apply(r.id, .stop(error: "Halt", cause: nil))
        #expect(try await eventually { try db.open().execution(id: r.id)?.status == .aborted })
        #expect(
            try await eventually {
                try db.open().listExecutions(stateMachine: "child", status: nil, limit: 10).first?.status == .aborted
            })
        await service.drain()
    }

    @Test func aSyncTaskFindsItsChildAfterARestart() async throws {
        let db = TemporaryDatabase()
        let store = try setUp(db)
        let r = try createExecution(
            store, machine: "restart", definition: parent("arn:aws:states:::states:startExecution.sync"), name: "r",
            input: ["n": 5, "wait": 1, "fail": false])
        let first = DurableService(worker: StoreWorker(store), tasks: UnavailableTaskRunner())
        try await first.startPending()
        #expect(try await eventually { try db.open().listExecutions(stateMachine: "child", status: nil, limit: 10).count == 1 })
        await first.drain()
        let second = DurableService(worker: StoreWorker(try db.open()), tasks: UnavailableTaskRunner())
        try await second.recover()
        #expect(try await eventually { try db.open().execution(id: r.id)?.status == .succeeded })
        #expect(try db.open().listExecutions(stateMachine: "child", status: nil, limit: 10).count == 1, "one child, not two")
        let out = try JSON(parsing: try #require(try db.open().execution(id: r.id)?.output))
        #expect(out["Output"] == .string(#"{"doubled":10}"#))
        await second.drain()
    }

    @Test func waitForTaskTokenStartsTheChildAndWaitsForTheCallback() async throws {
        let db = TemporaryDatabase()
        let store = try setUp(db)
        let definition = #"""
            {"StartAt":"Run","States":{
              "Run":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.waitForTaskToken",
                     "Parameters":{"StateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:child",
                                   "Input":{"n":1,"wait":0,"fail":false,"token.$":"$$.Task.Token"}},"End":true}}}
            """#
        let r = try createExecution(store, machine: "waiter", definition: definition, name: "w")
        let service = DurableService(worker: StoreWorker(store), tasks: UnavailableTaskRunner())
        try await service.startPending()
        #expect(try await eventually { try db.open().listExecutions(stateMachine: "child", status: .succeeded, limit: 10).count == 1 })
        let childRecord = try #require(try db.open().listExecutions(stateMachine: "child", status: nil, limit: 10).first)
        let token = try #require(try JSON(parsing: childRecord.input)["token"]?.stringValue)
        #expect(try db.open().execution(id: r.id)?.status == .running, "the parent waits for the callback, not the child")
        #expect(try await eventually { try db.open().history(executionId: r.id).contains { $0["type"] == "TaskSubmitted" } })
        try await service.sendTaskSuccess(taskToken: token, output: ["approved": true])
        #expect(try await eventually { try db.open().execution(id: r.id)?.status == .succeeded })
        #expect(try db.open().execution(id: r.id)?.output == #"{"approved":true}"#)
        await service.drain()
    }

    @Test func theSDKFormAnswersWithATextDate() async throws {
        let db = TemporaryDatabase()
        let store = try setUp(db)
        let r = try createExecution(
            store, machine: "sdk", definition: parent("arn:aws:states:::aws-sdk:sfn:startExecution"), name: "k",
            input: ["n": 1, "wait": 0, "fail": false])
        let service = DurableService(worker: StoreWorker(store), tasks: UnavailableTaskRunner())
        try await service.startPending()
        #expect(try await eventually { try db.open().execution(id: r.id)?.status == .succeeded })
        let out = try JSON(parsing: try #require(try db.open().execution(id: r.id)?.output))
        #expect(out["StartDate"]?.stringValue?.hasSuffix("Z") == true)
        #expect(out["ExecutionArn"]?.stringValue?.contains(":execution:child:") == true)
        await service.drain()
    }
}
