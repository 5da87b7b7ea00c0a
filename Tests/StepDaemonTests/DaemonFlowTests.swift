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

/// The daemon's services over the in-memory broker and a real SQLite file: messages in, jobs out to a
/// worker, answers back, status events published.
@Suite struct DaemonFlowTests {
    let definition = #"""
        {"StartAt":"Work","States":{
          "Work":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:double","Next":"Done"},
          "Done":{"Type":"Pass","End":true}}}
        """#

    struct Rig {
        let dir: String
        let store: SQLiteExecutionStore
        let broker: InMemoryBroker
        let topology: DaemonTopology
        let service: DurableService
        let worker: StoreWorker
    }

    func rig(rules: [StartRule] = []) throws -> Rig {
        let dir = NSTemporaryDirectory() + "stepline-daemon-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let store = try SQLiteExecutionStore(path: dir + "/d.db")
        _ = try store.upsertStateMachine(
            name: "doubler", definition: definition, type: .standard, loggingLevel: "OFF", now: WallClock.now())
        let broker = InMemoryBroker()
        let topology = DaemonTopology()
        broker.bind(exchange: topology.deadLetterExchange, queue: topology.deadLetterQueue)
        broker.bind(exchange: topology.eventsExchange, queue: "events", pattern: "execution.*")
        let worker = StoreWorker(store)
        let publisher = StatusPublisher(broker: broker, topology: topology, worker: worker, log: { _ in })
        let service = DurableService(
            worker: worker, tasks: UnavailableTaskRunner(),
            dispatcher: QueueDispatcher(broker: broker, topology: topology, log: { _ in }),
            onFinished: { finished in await publisher.enqueue(finished) })
        return Rig(dir: dir, store: store, broker: broker, topology: topology, service: service, worker: worker)
    }

    let doubler = ClosureTaskRunner { req in
        guard let n = req.input["n"]?.intValue else { return .failure(error: "Bad", cause: "no n") }
        return .success(["n": .int(n * 2)])
    }

    @Test func messagesStartExecutionsThatWorkersComplete() async throws {
        let rules = [try StartRule(name: "r", pattern: EventPattern(["source": ["shop"]]), stateMachine: "doubler")]
        let r = try rig(rules: rules)
        defer { try? FileManager.default.removeItem(atPath: r.dir) }
        let ingress = StartIngress(
            broker: r.broker, topology: r.topology, rules: rules, service: r.service, worker: r.worker, log: { _ in })
        let results = ResultIngress(broker: r.broker, topology: r.topology, service: r.service, log: { _ in })
        let workerLoop = WorkerLoop(broker: r.broker, topology: r.topology, tasks: doubler, concurrency: 4, log: { _ in })
        let running = [
            Task { try await ingress.run() }, Task { try await results.run() }, Task { try await workerLoop.run() },
        ]
        defer { for t in running { t.cancel() } }
        let bodies = [
            #"{"stateMachine":"doubler","name":"a","input":{"n":1}}"#,
            #"{"stateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:doubler","name":"b","input":"{\"n\":2}"}"#,
            #"{"Body":"{\"stateMachine\":\"doubler\",\"name\":\"c\",\"input\":{\"n\":3}}"}"#,
            #"{"version":"0","id":"ev1","detail-type":"x","source":"shop","time":"t","region":"r","resources":[],"detail":{},"n":4}"#,
            "not json at all",
            #"{"stateMachine":"no-such-machine","name":"d"}"#,
        ]
        for b in bodies {
            try await r.broker.publish(BrokerMessage(exchange: "", routingKey: r.topology.startQueue, body: Array(b.utf8)))
        }
        let reader = try SQLiteExecutionStore(path: r.dir + "/d.db")
        #expect(try await waitUntil { try reader.listExecutions(stateMachine: nil, status: .succeeded, limit: 10).count == 4 })
        #expect(try reader.execution(reference: "a")?.output == #"{"n":2}"#)
        #expect(try reader.execution(reference: "c")?.output == #"{"n":6}"#)
        #expect(try reader.execution(reference: "r-ev1")?.output == #"{"n":8}"#, "the whole event is the input")
        let dead = r.broker.waiting(r.topology.deadLetterQueue)
        #expect(dead.count == 2)
        #expect(dead.allSatisfy { $0.headers["x-stepline-reason"]?.isEmpty == false })
        let settled = try await waitUntil { r.broker.waiting("events").count == 4 }
        #expect(settled, "events: \(r.broker.waiting("events").count)")
        let event = try JSON(parsing: try #require(r.broker.waiting("events").first).body)
        #expect(event["detail-type"] == "Step Functions Execution Status Change")
        #expect(event["detail"]?["status"] == "SUCCEEDED")
        #expect(r.broker.waiting(r.topology.startQueue).isEmpty, "every start message was acknowledged")
    }

    @Test func anAnswerForAnotherDatabasesExecutionIsDeadLetteredNotApplied() async throws {
        let r = try rig()
        defer { try? FileManager.default.removeItem(atPath: r.dir) }
        let ingress = StartIngress(broker: r.broker, topology: r.topology, rules: [], service: r.service, worker: r.worker, log: { _ in })
        let results = ResultIngress(broker: r.broker, topology: r.topology, service: r.service, log: { _ in })
        let running = [Task { try await ingress.run() }, Task { try await results.run() }]
        defer { for t in running { t.cancel() } }
        try await r.broker.publish(
            BrokerMessage(
                exchange: "", routingKey: r.topology.startQueue,
                body: Array(#"{"stateMachine":"doubler","name":"mine","input":{"n":1}}"#.utf8)))
        // The job waits for a worker; an answer with the same row ids but another database's ARN arrives first.
        #expect(try await waitUntil { r.broker.waiting(r.topology.jobQueue).count == 1 })
        let message = try #require(r.broker.waiting(r.topology.jobQueue).first)
        let job = try Job(messageBody: message.body)
        let stale = JobResult(
            executionId: job.executionId, taskId: job.request.id, outcome: .success(["n": 99]),
            executionArn: "arn:aws:states:us-east-1:111111111111:execution:doubler:someone-elses")
        try await r.broker.publish(
            BrokerMessage(exchange: "", routingKey: r.topology.resultQueue, body: stale.messageBody()))
        #expect(try await waitUntil { r.broker.waiting(r.topology.deadLetterQueue).count == 1 })
        let reason = r.broker.waiting(r.topology.deadLetterQueue).first?.headers["x-stepline-reason"] ?? ""
        #expect(reason.contains("someone-elses"))
        // The real answer still completes the execution.
        let real = JobResult(
            executionId: job.executionId, taskId: job.request.id, outcome: .success(["n": 2]), executionArn: job.request.executionArn)
        try await r.broker.publish(
            BrokerMessage(exchange: "", routingKey: r.topology.resultQueue, body: real.messageBody()))
        let reader = try SQLiteExecutionStore(path: r.dir + "/d.db")
        #expect(try await waitUntil { try reader.execution(reference: "mine")?.status == .succeeded })
        #expect(try reader.execution(reference: "mine")?.output == #"{"n":2}"#)
    }

    @Test func aStatusEventNotPublishedBeforeACrashIsPublishedAfterTheRestart() async throws {
        let dir = NSTemporaryDirectory() + "stepline-outbox-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SQLiteExecutionStore(path: dir + "/d.db")
        let pass = #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#
        let sm = try store.upsertStateMachine(name: "quick", definition: pass, type: .standard, loggingLevel: "OFF", now: WallClock.now())
        _ = sm
        let record = try #require(try store.stateMachine(name: "quick"))
        _ = try store.createExecution(
            NewExecution(
                arn: record.arn.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":e1", name: "e1",
                stateMachine: "quick", stateMachineArn: record.arn, version: nil, type: .standard, input: "{}",
                startDate: WallClock.now()))
        // A service with no publisher: the execution ends, its event stays pending (as if killed before publishing).
        let worker = StoreWorker(store)
        let service = DurableService(worker: worker, tasks: UnavailableTaskRunner())
        try await service.startPending()
        await service.drain()
        #expect(try await waitUntil { try store.pendingStatusEvents(limit: 10).count == 1 })
        let broker = InMemoryBroker()
        let topology = DaemonTopology()
        broker.bind(exchange: topology.eventsExchange, queue: "events", pattern: "execution.*")
        let publisher = StatusPublisher(broker: broker, topology: topology, worker: worker, log: { _ in })
        await publisher.publishPending()
        #expect(try await waitUntil { broker.waiting("events").count == 1 })
        #expect(try await waitUntil { try store.pendingStatusEvents(limit: 10).isEmpty })
        let event = try JSON(parsing: try #require(broker.waiting("events").first).body)
        #expect(event["detail"]?["name"] == "e1")
        #expect(event["detail"]?["status"] == "SUCCEEDED")
        await publisher.publishPending()
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(broker.waiting("events").count == 1, "a published event is not published again")
    }

    @Test func aRedeliveredMessageStartsNothingTwice() async throws {
        let r = try rig()
        defer { try? FileManager.default.removeItem(atPath: r.dir) }
        let ingress = StartIngress(broker: r.broker, topology: r.topology, rules: [], service: r.service, worker: r.worker, log: { _ in })
        let body = Array(#"{"stateMachine":"doubler","input":{"n":5}}"#.utf8)
        try await r.broker.publish(BrokerMessage(exchange: "", routingKey: r.topology.startQueue, body: body, messageId: "m-1"))
        try await r.broker.publish(BrokerMessage(exchange: "", routingKey: r.topology.startQueue, body: body, messageId: "m-1"))
        let task = Task { try await ingress.run() }
        defer { task.cancel() }
        let reader = try SQLiteExecutionStore(path: r.dir + "/d.db")
        #expect(try await waitUntil { r.broker.waiting(r.topology.jobQueue).count >= 1 })
        try await Task.sleep(nanoseconds: 100_000_000)
        #expect(try reader.listExecutions(stateMachine: nil, status: nil, limit: 10).count == 1)
        #expect(r.broker.waiting(r.topology.jobQueue).count == 1)
    }
}

func waitUntil(_ seconds: Double = 30, _ condition: () throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        try await Task.sleep(nanoseconds: 10_000_000)
    }
    return try condition()
}
