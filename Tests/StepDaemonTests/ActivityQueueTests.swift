import Foundation
import StepDaemon
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepStore
import StepTesting
import Testing

/// Activity tasks over the broker: published to the activity's queue once it exists, taken by a poller
/// (which reports `ActivityStarted` on the callback queue), answered on the callback queue.
@Suite struct ActivityQueueTests {
    let arn = "arn:aws:states:us-east-1:111111111111:activity:review"

    var definition: String {
        #"""
        {"StartAt":"Review","States":{
          "Review":{"Type":"Task","Resource":"\#(arn)","Parameters":{"doc.$":"$.doc"},"End":true}}}
        """#
    }

    @Test func aTaskGoesThroughTheActivitysQueue() async throws {
        let dir = NSTemporaryDirectory() + "stepline-activity-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SQLiteExecutionStore(path: dir + "/d.db")
        _ = try store.upsertStateMachine(name: "m", definition: definition, type: .standard, loggingLevel: "OFF", now: WallClock.now())
        let broker = InMemoryBroker()
        var topology = DaemonTopology()
        topology.activityQueuePrefix = "test.activity."
        broker.bind(exchange: topology.deadLetterExchange, queue: topology.deadLetterQueue)
        let worker = StoreWorker(store)
        let service = DurableService(
            worker: worker, tasks: UnavailableTaskRunner(),
            dispatcher: QueueDispatcher(broker: broker, topology: topology, log: { _ in }),
            activityQueue: BrokerActivityQueue(broker: broker, topology: topology))
        let callbacks = CallbackIngress(broker: broker, topology: topology, service: service, worker: worker, log: { _ in })
        let running = Task { try await callbacks.run() }
        defer { running.cancel() }

        _ = try await service.createActivity(name: "review")
        let sm = try #require(try store.stateMachine(name: "m"))
        let r = try store.createExecution(
            NewExecution(
                arn: sm.arn.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":e1", name: "e1",
                stateMachine: "m", stateMachineArn: sm.arn, version: nil, type: .standard, input: #"{"doc":"d1"}"#,
                startDate: WallClock.now())
        ).record
        try await service.startPending()
        await service.drain()
        // No queue named test.activity.review yet: the task waits in the outbox and the service retries.
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(try store.pendingTasks().count == 1, "not handed over while its queue does not exist")

        let reader = try SQLiteExecutionStore(path: dir + "/d.db")
        let poller = ActivityPoller(broker: broker, topology: topology, log: { _ in })
        let task = try #require(try await poller.poll(activityName: "review", workerName: "w1", waitSeconds: 10))
        #expect(task.input == #"{"doc":"d1"}"#)
        #expect(try reader.task(token: task.taskToken)?.executionId == r.id)
        #expect(try await waitUntil { try reader.pendingTasks().isEmpty }, "marked as handed over")
        #expect(try Activities.claim(in: reader, arn: arn, workerName: "db") == nil, "a published task is not in the database's queue")
        #expect(try await poller.poll(activityName: "review", workerName: "w2", waitSeconds: 0.2) == nil)

        let answer: JSON = ["taskToken": .string(task.taskToken), "output": #"{"approved":true}"#]
        try await broker.publish(
            BrokerMessage(exchange: "", routingKey: topology.callbackQueue, body: Array(answer.serialized().utf8)))
        #expect(try await waitUntil { try reader.execution(id: r.id)?.status == .succeeded })
        #expect(try reader.execution(id: r.id)?.output == #"{"approved":true}"#)
        let history = try reader.history(executionId: r.id)
        #expect(
            history.compactMap { $0["type"]?.stringValue }.filter { $0.hasPrefix("Activity") } == [
                "ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
            ])
        #expect(history.first { $0["type"] == "ActivityStarted" }?["activityStartedEventDetails"] == ["workerName": "w1"])
        #expect(broker.waiting(topology.deadLetterQueue).isEmpty)
    }
}
