import Foundation
import StepDaemon
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepStore
import Synchronization
import StepTesting
import Testing

/// Task tokens answered through the callback queue.
@Suite struct CallbackIngressTests {
    @Test func callbacksFromTheQueueCompleteTasksAndLateOnesAreDeadLettered() async throws {
        let dir = NSTemporaryDirectory() + "stepline-cb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SQLiteExecutionStore(path: dir + "/c.db")
        let def = #"""
            {"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
             "Parameters":{"MessageBody":{"t.$":"$$.Task.Token"}},"End":true}}}
            """#
        _ = try store.upsertStateMachine(name: "ask", definition: def, type: .standard, loggingLevel: "OFF", now: WallClock.now())
        let tokens = Mutex<[String]>([])
        let runner = CallbackTaskRunner(
            ClosureTaskRunner { req in
                tokens.withLock { $0.append(req.input["MessageBody"]?["t"]?.stringValue ?? "") }
                return .success(["MessageId": "1"])
            })
        let broker = InMemoryBroker()
        var topology = DaemonTopology()
        topology.callbackQueue = "cb"
        broker.bind(exchange: topology.deadLetterExchange, queue: topology.deadLetterQueue)
        let worker = StoreWorker(store)
        let service = DurableService(worker: worker, tasks: runner)
        let record = try ExecutionStarter.start(in: store, stateMachine: "ask", name: "q1", input: "{}", now: WallClock.now())
        await service.start(record)
        let ingress = CallbackIngress(broker: broker, topology: topology, service: service, worker: worker, log: { _ in })
        let task = Task { try await ingress.run() }
        defer { task.cancel() }
        #expect(try await waitUntil { tokens.withLock { $0.count } == 1 })
        await service.drain()
        let token = try #require(tokens.withLock { $0.first })
        let answer = Array(#"{"taskToken":"\#(token)","output":"{\"ok\":true}"}"#.utf8)
        try await broker.publish(BrokerMessage(exchange: "", routingKey: "cb", body: answer))
        let reader = try SQLiteExecutionStore(path: dir + "/c.db")
        #expect(try await waitUntil { try reader.execution(id: record.id)?.status == .succeeded })
        #expect(try reader.execution(id: record.id)?.output == #"{"ok":true}"#)
        try await broker.publish(BrokerMessage(exchange: "", routingKey: "cb", body: answer))
        #expect(try await waitUntil { broker.waiting(topology.deadLetterQueue).count == 1 })
        #expect(broker.waiting(topology.deadLetterQueue).first?.headers["x-stepline-reason"]?.hasPrefix("TaskTimedOut") == true)
    }
}
