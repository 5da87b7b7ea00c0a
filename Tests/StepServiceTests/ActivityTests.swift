import Dispatch
import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepStore
import Synchronization
import StepTesting
import Testing

/// Activities as AWS has them: the registry (CreateActivity …), and Task states whose resource is an
/// activity, taken by workers with GetActivityTask and answered with SendTask* by token.
@Suite struct ActivityTests {
    static let arn = "arn:aws:states:us-east-1:111111111111:activity:review"

    /// Review the document with a worker; the catchers and the heartbeat come from the caller.
    static func definition(heartbeat: Int? = nil, catchers: String = #"[{"ErrorEquals":["Never"],"Next":"Caught"}]"#)
        -> String
    {
        let beat = heartbeat.map { #","HeartbeatSeconds":\#($0)"# } ?? ""
        return #"""
            {"StartAt":"Review","States":{
              "Review":{"Type":"Task","Resource":"\#(arn)","Parameters":{"doc.$":"$.doc"}\#(beat),
                        "Catch":\#(catchers),"Next":"Done"},
              "Caught":{"Type":"Pass","End":true},
              "Done":{"Type":"Pass","End":true}}}
            """#
    }

    static func service(_ db: TemporaryDatabase) throws -> DurableService {
        DurableService(worker: StoreWorker(try db.open()), tasks: UnavailableTaskRunner())
    }

    /// A service with the `review` activity (unless `activity` is false) running one execution of `definition`.
    static func running(_ db: TemporaryDatabase, _ definition: String = definition(), activity: Bool = true)
        async throws -> (DurableService, ExecutionRecord)
    {
        let service = try Self.service(db)
        if activity { _ = try await service.createActivity(name: "review") }
        let r = try createExecution(try db.open(), machine: "m", definition: definition, name: "e1", input: ["doc": "d1"])
        try await service.startPending()
        return (service, r)
    }

    /// The code of the `StoreError` the body throws, or `nil` when it throws none.
    func code(_ body: () async throws(StoreError) -> Void) async -> StoreError.Code? {
        do {
            try await body()
            return nil
        } catch {
            return error.code
        }
    }

    func types(_ db: TemporaryDatabase, _ id: Int64) throws -> [String] {
        try db.open().history(executionId: id).compactMap { $0["type"]?.stringValue }
    }

    @Test func theRegistryBehavesAsAWS() async throws {
        let db = TemporaryDatabase()
        let service = try Self.service(db)
        let created = try await service.createActivity(name: "review", tags: [ActivityTag(key: "team", value: "ops")])
        #expect(created.arn == Self.arn)
        let again = try await service.createActivity(name: "review", tags: [ActivityTag(key: "team", value: "other")])
        #expect(again == created, "CreateActivity is idempotent by name and keeps the first tags")
        let described = try await service.describeActivity(arn: Self.arn)
        #expect(described.json == ["activityArn": .string(Self.arn), "name": "review", "creationDate": .string(created.created.iso8601)])
        _ = try await service.createActivity(name: "approve")
        #expect(try await service.listActivities().map(\.name) == ["approve", "review"])

        for bad in ["", String(repeating: "a", count: 81), "a b", "a\tb", "a*", "a?", "a:b", "a/b", "a{b}", "a\u{1}", "a\u{90}"] {
            #expect(await code { () throws(StoreError) in _ = try await service.createActivity(name: bad) } == .invalidName, "\(bad)")
        }
        _ = try await service.createActivity(name: String(repeating: "a", count: 80))
        let unknown = "arn:aws:states:us-east-1:111111111111:activity:nope"
        #expect(await code { () throws(StoreError) in _ = try await service.describeActivity(arn: unknown) } == .activityDoesNotExist)
        #expect(await code { () throws(StoreError) in _ = try await service.describeActivity(arn: "review") } == .invalidArn)
        #expect(await code { () throws(StoreError) in try await service.deleteActivity(arn: unknown) } == nil)
        #expect(
            await code { () throws(StoreError) in _ = try await service.getActivityTask(activityArn: unknown, waitSeconds: 0) }
                == .activityDoesNotExist)
        try await service.deleteActivity(arn: Self.arn)
        #expect(await code { () throws(StoreError) in _ = try await service.describeActivity(arn: Self.arn) } == .activityDoesNotExist)
        #expect(try await service.listActivities().count == 2)
    }

    @Test func aWorkerTakesTheTaskAndItsAnswerCompletesTheState() async throws {
        let db = TemporaryDatabase()
        let (service, r) = try await Self.running(db)
        let task = try #require(try await service.getActivityTask(activityArn: Self.arn, workerName: "w1", waitSeconds: 10))
        #expect(task.input == #"{"doc":"d1"}"#)
        #expect(task.json["input"] == .string(#"{"doc":"d1"}"#), "the input is JSON text, as AWS gives it")
        #expect(try db.open().task(token: task.taskToken)?.executionId == r.id, "send-task-success finds the token")
        #expect(try await service.getActivityTask(activityArn: Self.arn, waitSeconds: 0.2) == nil, "nobody else gets it")

        try await service.sendTaskHeartbeat(taskToken: task.taskToken)
        try await service.sendTaskSuccess(taskToken: task.taskToken, output: ["approved": true])
        await service.drain()
        let done = try #require(try db.open().execution(id: r.id))
        #expect(done.status == .succeeded)
        #expect(done.output == #"{"approved":true}"#)
        let history = try db.open().history(executionId: r.id)
        #expect(
            try types(db, r.id) == [
                "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
                "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
            ])
        #expect(history.first { $0["type"] == "ActivityStarted" }?["activityStartedEventDetails"] == ["workerName": "w1"])
        #expect(history.first { $0["type"] == "ActivityScheduled" }?["activityScheduledEventDetails"]?["resource"] == .string(Self.arn))
        #expect(
            await code { () throws(StoreError) in try await service.sendTaskSuccess(taskToken: task.taskToken, output: 1) }
                == .taskTimedOut, "the token is spent")
    }

    @Test func aFailureReachesTheCatcherByItsName() async throws {
        let db = TemporaryDatabase()
        let catchers = #"[{"ErrorEquals":["Review.Rejected"],"ResultPath":"$.error","Next":"Caught"}]"#
        let (service, r) = try await Self.running(db, Self.definition(catchers: catchers))
        let task = try #require(try await service.getActivityTask(activityArn: Self.arn, waitSeconds: 10))
        try await service.sendTaskFailure(taskToken: task.taskToken, error: "Review.Rejected", cause: "too long")
        await service.drain()
        let done = try #require(try db.open().execution(id: r.id))
        #expect(done.status == .succeeded)
        #expect(try JSON(parsing: try #require(done.output))["error"] == ["Error": "Review.Rejected", "Cause": "too long"])
        #expect(try types(db, r.id).contains("ActivityFailed"))
    }

    @Test func aSilentWorkerTimesOutWithAWSsHeartbeatError() async throws {
        let db = TemporaryDatabase()
        let catchers = #"[{"ErrorEquals":["States.HeartbeatTimeout"],"ResultPath":"$.error","Next":"Caught"}]"#
        let (service, r) = try await Self.running(db, Self.definition(heartbeat: 8, catchers: catchers))
        let polled = try await service.getActivityTask(activityArn: Self.arn, workerName: "w", waitSeconds: 10)
        if polled == nil {
            let types = try db.open().history(executionId: r.id).map {
                "\($0["type"]?.stringValue ?? "") \($0["timestamp"]?.stringValue ?? "")"
            }
            Issue.record("no task to poll; history: \(types)")
        }
        let task = try #require(polled)
        // The heartbeat interval counts from the start (and again from each heartbeat): 8 s, beaten at 5 s,
        // so still running at 10 s. (Generous, so that a loaded machine cannot time the task out first.)
        try await Task.sleep(nanoseconds: 5_000_000_000)
        try await service.sendTaskHeartbeat(taskToken: task.taskToken)
        try await Task.sleep(nanoseconds: 5_000_000_000)
        #expect(try db.open().execution(id: r.id)?.status == .running, "a heartbeat keeps the task alive")
        #expect(try await eventually { try db.open().execution(id: r.id)?.status == .succeeded })
        let done = try #require(try db.open().execution(id: r.id))
        #expect(try JSON(parsing: try #require(done.output))["error"]?["Error"] == "States.HeartbeatTimeout")
        let history = try db.open().history(executionId: r.id)
        let timedOut = try #require(history.first { $0["type"] == "ActivityTimedOut" })
        #expect(timedOut["activityTimedOutEventDetails"] == ["error": "States.HeartbeatTimeout"])
        #expect(
            await code { () throws(StoreError) in try await service.sendTaskSuccess(taskToken: task.taskToken, output: 1) }
                == .taskTimedOut)
    }

    @Test func concurrentPollersNeverShareATask() async throws {
        let db = TemporaryDatabase()
        let service = try Self.service(db)
        _ = try await service.createActivity(name: "review")
        var ids: [Int64] = []
        for i in 0..<6 {
            ids.append(
                try createExecution(try db.open(), machine: "m", definition: Self.definition(), name: "e\(i)", input: ["doc": .int(i)]).id)
        }
        try await service.startPending()
        await service.drain()
        #expect(try await eventually { try db.open().pendingTasks().isEmpty }, "all six handed over")

        // Eight pollers, each on its own connection and thread, claim until nothing is left.
        let taken = Mutex<[ActivityTask]>([])
        let failures = Mutex<[String]>([])
        let path = db.path
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            do {
                let store = try SQLiteExecutionStore(path: path)
                while let c = try Activities.claim(in: store, arn: Self.arn, workerName: "p\(i)") {
                    taken.withLock { $0.append(c.assignment) }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let tasks = taken.withLock { $0 }
        #expect(tasks.count == 6)
        #expect(Set(tasks.map(\.taskToken)).count == 6, "no token went to two pollers")
        #expect(Set(tasks.map(\.input)).count == 6)

        for t in tasks { try await service.sendTaskSuccess(taskToken: t.taskToken, output: .string(t.input)) }
        await service.drain()
        for id in ids { #expect(try db.open().execution(id: id)?.status == .succeeded) }
    }

    @Test func aTaskSurvivesRestartsAndIsAnsweredThroughTheDatabase() async throws {
        let db = TemporaryDatabase()
        let (first, r) = try await Self.running(db)
        await first.drain()
        #expect(try await eventually { try db.open().pendingTasks().isEmpty })

        // A new service on the same file; a worker process claims the task from the database, as
        // `get-activity-task --db` does, and the service records ActivityStarted from the request.
        let second = try Self.service(db)
        try await second.recover()
        let client = try db.open()
        let claimed = try #require(try Activities.claim(in: client, arn: Self.arn, workerName: "cli"))
        #expect(claimed.executionId == r.id)
        #expect(claimed.assignment.input == #"{"doc":"d1"}"#)
        try client.enqueueTaskStarted(executionId: claimed.executionId, task: claimed.task, workerName: "cli")
        try await second.handleRequests()
        await second.drain()
        #expect(try types(db, r.id).last == "ActivityStarted")

        // Another restart; the answer comes as `send-task-success` writes it.
        let third = try Self.service(db)
        try await third.recover()
        let token = claimed.assignment.taskToken
        let t = try #require(try client.task(token: token))
        try client.enqueueTaskCallback(
            executionId: t.executionId, task: t.task, kind: .taskSuccess, output: #"{"ok":1}"#, error: nil, cause: nil)
        try await third.handleRequests()
        await third.drain()
        let done = try #require(try db.open().execution(id: r.id))
        #expect(done.status == .succeeded)
        #expect(done.output == #"{"ok":1}"#)
        #expect(try types(db, r.id).filter { $0.hasPrefix("Activity") } == ["ActivityScheduled", "ActivityStarted", "ActivitySucceeded"])
    }

    @Test func aMissingActivityFailsTheExecutionAsAWSDoes() async throws {
        let db = TemporaryDatabase()
        let (_, r) = try await Self.running(db, activity: false)
        #expect(try await eventually { try db.open().execution(id: r.id)?.status == .failed })
        let done = try #require(try db.open().execution(id: r.id))
        #expect(done.error == "States.Runtime")
        #expect(
            done.cause
                == "An error occurred while executing the state 'Review' (entered at the event id #2). The activity \(Self.arn) does not exist."
        )
    }
}
