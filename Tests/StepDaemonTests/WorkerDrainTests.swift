import StepDaemon
import StepEngine
import StepJSON
import StepRuntime
import StepService
import StepTesting
import Synchronization
import Testing

/// `stepline worker` on SIGTERM (`WorkerLoop.run(drain:grace:)`): it stops taking jobs, lets the jobs in
/// hand finish within the grace period (answered, then acknowledged), and hands everything else back to the
/// broker: the jobs it held but had not started, and, past the grace period, the jobs still running,
/// unanswered, so that another worker runs each exactly once more.
@Suite struct WorkerDrainTests {
    /// A task that takes `seconds` (cancelled, it stops at once) and answers its own id.
    struct SlowTask: TaskRunner {
        let seconds: Double
        let started: Started

        final class Started: Sendable {
            let count = Atomic<Int>(0)
        }

        func run(_ request: TaskRequest) async -> TaskOutcome {
            started.count.add(1, ordering: .relaxed)
            try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return .success(.int(request.id))
        }
    }

    static func job(_ id: Int) throws -> BrokerMessage {
        let request = TaskRequest(
            id: id, resource: "slow", input: [:], stateName: "S", timeoutSeconds: nil, heartbeatSeconds: nil, taskToken: nil,
            credentials: nil, executionArn: "arn:aws:states:us-east-1:111111111111:execution:m:e")
        let body = try Job(executionId: 1, request: request).messageBody()
        return BrokerMessage(exchange: "", routingKey: DaemonTopology().jobQueue, body: body, messageId: "1:\(id)")
    }

    static func until(_ seconds: Double = 30, _ condition: () -> Bool) async {
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !condition(), ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(10)) }
    }

    @Test func drainedJobsInHandFinishAndTheOthersGoBackToTheQueue() async throws {
        let broker = InMemoryBroker()
        let topology = DaemonTopology()
        broker.declare(queue: topology.resultQueue)
        for id in 1...5 { try await broker.publish(Self.job(id)) }
        let started = SlowTask.Started()
        let worker = WorkerLoop(
            broker: broker, topology: topology, tasks: SlowTask(seconds: 0.5, started: started), concurrency: 2, prefetch: 5,
            log: { _ in })
        let drain = DrainSignal()
        let running = Task { try await worker.run(drain: drain, grace: .seconds(30)) }
        await Self.until { started.count.load(ordering: .relaxed) == 2 }
        drain.trigger()
        let drained = try await running.value
        #expect(drained)
        // The two in hand were answered; nothing else was started.
        let answers = broker.waiting(topology.resultQueue).compactMap { try? JobResult(messageBody: $0.body) }
        #expect(answers.map(\.taskId).sorted() == [1, 2])
        #expect(started.count.load(ordering: .relaxed) == 2)
        // The three held but not started are back on the job queue, for another worker.
        let left = broker.waiting(topology.jobQueue).compactMap { try? Job(messageBody: $0.body) }
        #expect(left.map(\.request.id).sorted() == [3, 4, 5])
        #expect(worker.jobsInHand == 0)
    }

    @Test func pastTheGracePeriodRunningJobsAreHandedBackUnanswered() async throws {
        let broker = InMemoryBroker()
        let topology = DaemonTopology()
        broker.declare(queue: topology.resultQueue)
        for id in 1...2 { try await broker.publish(Self.job(id)) }
        let started = SlowTask.Started()
        let worker = WorkerLoop(
            broker: broker, topology: topology, tasks: SlowTask(seconds: 120, started: started), concurrency: 2, log: { _ in })
        let drain = DrainSignal()
        let began = ContinuousClock.now
        let running = Task { try await worker.run(drain: drain, grace: .milliseconds(200)) }
        await Self.until { started.count.load(ordering: .relaxed) == 2 }
        drain.trigger()
        #expect(try await running.value)
        #expect(ContinuousClock.now - began < .seconds(60), "it did not wait for the two-minute tasks")
        #expect(broker.waiting(topology.resultQueue).isEmpty, "no answer for a job handed back")
        let back = broker.waiting(topology.jobQueue).compactMap { try? Job(messageBody: $0.body) }
        #expect(back.map(\.request.id).sorted() == [1, 2])
    }

    @Test func aDrainWithNothingInHandEndsAtOnce() async throws {
        let broker = InMemoryBroker()
        let worker = WorkerLoop(
            broker: broker, topology: DaemonTopology(), tasks: SlowTask(seconds: 1, started: SlowTask.Started()), concurrency: 1,
            log: { _ in })
        let drain = DrainSignal()
        let running = Task { try await worker.run(drain: drain, grace: .seconds(30)) }
        try? await Task.sleep(for: .milliseconds(50))
        drain.trigger()
        #expect(try await running.value)
    }
}
