import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepStore
import StepTesting
import Testing

/// `.waitForTaskToken`: the task is handed over, the execution waits holding only its row, and a callback
/// with the token (from another process, through the store) completes it, also after a service restart.
@Suite struct CallbackTests {
    let definition = #"""
        {"StartAt":"Ask","States":{
          "Ask":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                 "Parameters":{"MessageBody":{"token.$":"$$.Task.Token"}},"HeartbeatSeconds":3600,"Next":"Done"},
          "Done":{"Type":"Pass","End":true}}}
        """#

    /// A runner that "sends the message" and remembers the token it carried.
    final class Outbox: Sendable {
        let tokens = Mutex64Box()
        var runner: any TaskRunner {
            CallbackTaskRunner(
                ClosureTaskRunner { [tokens] req in
                    tokens.append(req.input["MessageBody"]?["token"]?.stringValue ?? "")
                    return .success(["MessageId": "m-1"])
                })
        }
    }

    @Test func aCallbackCompletesTheTaskEvenAfterARestart() async throws {
        let db = TemporaryDatabase()
        let store = try db.open()
        let r = try createExecution(store, machine: "approve", definition: definition, name: "a1", input: ["x": 1])
        let outbox = Outbox()
        let first = DurableService(worker: StoreWorker(store), tasks: outbox.runner)
        try await first.startPending()
        #expect(try await eventually { outbox.tokens.all.count == 1 })
        await first.drain()
        let token = try #require(outbox.tokens.all.first)
        #expect(try await eventually { try db.open().history(executionId: r.id).contains { $0["type"] == "TaskSubmitted" } })
        #expect(try db.open().pendingTasks().isEmpty, "a handed-over task is not run again on recovery")
        #expect(try db.open().task(token: token)?.executionId == r.id)

        // A new service on the same file (as after a restart), then the callback from a client.
        let second = DurableService(worker: StoreWorker(try db.open()), tasks: outbox.runner)
        try await second.recover()
        let client = try db.open()
        let t = try #require(try client.task(token: token))
        try client.enqueueTaskCallback(
            executionId: t.executionId, task: t.task, kind: .taskSuccess, output: #"{"approved":true}"#, error: nil, cause: nil)
        try await second.handleRequests()
        await second.drain()
        let done = try #require(try db.open().execution(id: r.id))
        #expect(done.status == .succeeded)
        #expect(done.output == #"{"approved":true}"#)
        #expect(outbox.tokens.all.count == 1, "the message went out once")
        #expect(try db.open().task(token: token) == nil, "the token is spent")
    }
}

/// A tiny thread-safe list for tests.
final class Mutex64Box: Sendable {
    let items = Synchronization.Mutex<[String]>([])
    func append(_ s: String) { items.withLock { $0.append(s) } }
    var all: [String] { items.withLock { $0 } }
}

import Synchronization
