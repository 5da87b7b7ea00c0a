import StepService
import Testing

/// The `ControlRequestStore` port: requests from client processes, oldest first, on every adapter.
@Suite struct ControlRequestStoreTests {
    @Test(arguments: StoreAdapter.allCases)
    func requestsWaitInOrderUntilDeleted(_ adapter: StoreAdapter) throws {
        let opened = try adapter.open()
        let s = opened.store
        let run = try s.start("run", of: "m").record
        try s.enqueueRequest(executionId: run.id, kind: .stop, error: "Manual", cause: "an operator stopped it")
        try s.enqueueTaskCallback(executionId: run.id, task: 3, kind: .taskSuccess, output: #"{"ok":true}"#, error: nil, cause: nil)
        try s.enqueueTaskCallback(executionId: run.id, task: 4, kind: .taskFailure, output: nil, error: "E", cause: "C")
        try s.enqueueTaskCallback(executionId: run.id, task: 5, kind: .taskHeartbeat, output: nil, error: nil, cause: nil)
        let requests = try opened.reopen().requests()
        #expect(requests.map(\.kind) == [.stop, .taskSuccess, .taskFailure, .taskHeartbeat])
        #expect(requests.map(\.id) == requests.map(\.id).sorted() && Set(requests.map(\.id)).count == 4)
        #expect(requests.allSatisfy { $0.executionId == run.id })
        #expect(requests[0].error == "Manual" && requests[0].cause == "an operator stopped it" && requests[0].task == nil)
        #expect(requests[1].task == 3 && requests[1].output == #"{"ok":true}"#)
        #expect(requests[2].error == "E" && requests[2].cause == "C" && requests[2].output == nil)
        try s.deleteRequest(id: requests[1].id)
        try s.deleteRequest(id: requests[1].id)
        #expect(try s.requests().map(\.kind) == [.stop, .taskFailure, .taskHeartbeat])
        try s.enqueueRequest(executionId: run.id, kind: .redrive, error: nil, cause: nil)
        #expect(try s.requests().last?.kind == .redrive)
        #expect(try s.requests().last.map { $0.id > requests[3].id } == true, "ids are not reused")
    }

    @Test(arguments: StoreAdapter.allCases)
    func aTokenNamesItsExecutionAndTaskWhileTheTaskWaits(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        let run = try s.start("run", of: "m").record
        #expect(try s.task(token: "tok") == nil)
        try s.commit([step(run, tasksStarted: [task(7, of: run, token: "tok"), task(8, of: run)])])
        let found = try #require(try s.task(token: "tok"))
        #expect(found.executionId == run.id && found.task == 7)
        try s.commit([step(run, tasksDone: [7])])
        #expect(try s.task(token: "tok") == nil)
    }
}
