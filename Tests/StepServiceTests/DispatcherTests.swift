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

/// A dispatcher that keeps the jobs it is given, as a job queue would.
final class RecordingDispatcher: TaskDispatcher {
    let jobs = Mutex<[Job]>([])
    func dispatch(_ job: Job) async { jobs.withLock { $0.append(job) } }
    var all: [Job] { jobs.withLock { $0 } }
}

@Suite struct DispatcherTests {
    @Test func jobsAndResultsRoundTripAsMessages() throws {
        let req = TaskRequest(
            id: 3, resource: "arn:aws:lambda:us-east-1:111111111111:function:f", input: ["a": [1, 2.5]], stateName: "T",
            timeoutSeconds: 10, heartbeatSeconds: nil, taskToken: "tok", credentials: nil, executionArn: "arn:x")
        let job = Job(executionId: 9, request: req)
        #expect(try Job(messageBody: job.messageBody()) == job)
        let ok = JobResult(executionId: 9, taskId: 3, outcome: .success(["r": true]))
        let bad = JobResult(executionId: 9, taskId: 3, outcome: .failure(error: "E", cause: nil))
        #expect(try JobResult(messageBody: ok.messageBody()) == ok)
        #expect(try JobResult(messageBody: bad.messageBody()) == bad)
        #expect(throws: DecodingError.self) { try Job(messageBody: Array(#"{"nope":1}"#.utf8)) }
    }

    @Test func tasksGoToWorkersAndDuplicateAnswersChangeNothing() async throws {
        let db = TemporaryDatabase()
        let store = try db.open()
        let def = #"""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","Next":"P"},
             "P":{"Type":"Pass","End":true}}}
            """#
        let r = try createExecution(store, machine: "m", definition: def, name: "e", input: ["x": 1])
        let dispatcher = RecordingDispatcher()
        let finished = Mutex<[String]>([])
        let service = DurableService(
            worker: StoreWorker(store), tasks: UnavailableTaskRunner(), dispatcher: dispatcher,
            onFinished: { states in finished.withLock { $0 += states.map(\.state.status.rawValue) } })
        try await service.startPending()
        await service.whenCommitted()
        #expect(try await eventually { dispatcher.all.count == 1 })
        let job = try #require(dispatcher.all.first)
        #expect(job.request.input == ["x": 1])
        #expect(try db.open().pendingTasks().count == 1, "the job is in the outbox until its answer is committed")
        let answer = JobResult(executionId: job.executionId, taskId: job.request.id, outcome: .success(["y": 2]))
        await service.deliver(answer)
        await service.whenCommitted()
        await service.deliver(answer)
        await service.whenCommitted()
        let done = try #require(try db.open().execution(id: r.id))
        #expect(done.status == .succeeded)
        #expect(done.output == #"{"y":2}"#)
        let types = try db.open().history(executionId: r.id).compactMap { $0["type"]?.stringValue }
        #expect(types.filter { $0 == "LambdaFunctionSucceeded" }.count == 1)
        #expect(finished.withLock { $0 } == ["SUCCEEDED"])
        #expect(try db.open().pendingTasks().isEmpty)
    }
}
