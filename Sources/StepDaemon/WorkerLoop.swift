import Logging
import StepJSON
import StepRuntime
import StepService
import Synchronization

/// `stepline worker`: takes jobs, runs them with the task runner, publishes each answer (confirmed),
/// then acknowledges the job. A worker that dies mid-job loses nothing: the broker redelivers the job.
/// Drained (SIGTERM), it stops taking jobs, lets those in hand finish within the grace period, and hands
/// the rest back to the broker unanswered, so that another worker runs each exactly once more.
public struct WorkerLoop: Sendable {
    let broker: any MessageBroker
    let topology: DaemonTopology
    let tasks: any TaskRunner
    let concurrency: Int
    let prefetch: Int
    /// Named on every answer and heartbeat, so that the daemon's status can list its workers.
    let name: String
    let log: @Sendable (String) -> Void
    let logger: Logger
    let inHand = JobCount()
    /// Jobs being run right now.
    public var jobsInHand: Int { inHand.value.load(ordering: .relaxed) }

    /// A count shared by the copies of the loop.
    final class JobCount: Sendable {
        let value = Atomic<Int>(0)
    }

    public init(
        broker: any MessageBroker, topology: DaemonTopology, tasks: any TaskRunner, concurrency: Int, prefetch: Int? = nil,
        name: String = "worker", log: @escaping @Sendable (String) -> Void
    ) {
        self.name = name
        var logger = Logger(label: "stepline.worker")
        logger[metadataKey: "worker"] = .string(name)
        self.logger = logger
        self.broker = broker
        self.topology = topology
        self.tasks = tasks
        self.concurrency = max(1, concurrency)
        self.prefetch = max(self.concurrency, prefetch ?? concurrency)
        self.log = log
    }

    /// Runs jobs until the broker's stream ends (throws on a broker failure, for the caller to resume).
    public func run() async throws {
        _ = try await run(drain: DrainSignal(), grace: .seconds(0))
    }

    /// What happens inside `run(drain:grace:)`, in the order it happens.
    enum Event: Sendable {
        case delivery(BrokerDelivery)
        case handled
        case streamEnded((any Error)?)
        case draining
        case graceExpired
    }

    /// Runs jobs until `drain` is triggered and the jobs in hand have finished and been acknowledged (or
    /// `grace` has passed and they were handed back); deliveries not started go back to the broker. Returns `true` when it ended by draining; throws when the broker's stream
    /// failed first.
    @discardableResult
    public func run(drain: DrainSignal, grace: Duration) async throws -> Bool {
        let (events, sink) = AsyncStream.makeStream(of: Event.self)
        let stream = broker.deliveries(queue: topology.jobQueue, prefetch: prefetch)
        let reader = Task {
            do {
                for try await d in stream { sink.yield(.delivery(d)) }
                sink.yield(.streamEnded(nil))
            } catch {
                sink.yield(.streamEnded(error))
            }
        }
        let watcher = Task {
            await drain.wait()
            sink.yield(.draining)
        }
        defer {
            reader.cancel()
            watcher.cancel()
        }
        var failure: (any Error)?
        var draining = false
        // Leaving this scope ends the subscription (the `defer` above): the broker requeues every delivery
        // not acknowledged by then.
        await withTaskGroup(of: Void.self) { handlers in
            var inFlight = 0
            var waiting: [BrokerDelivery] = []
            var graceTimer: Task<Void, Never>?
            loop: for await event in events {
                switch event {
                case .delivery(let d):
                    if !draining && inFlight < concurrency {
                        inFlight += 1
                        handlers.addTask {
                            await self.handle(d); sink.yield(.handled)
                        }
                    } else {
                        // Held unacknowledged: when the subscription ends, the broker gives it to another worker.
                        waiting.append(d)
                    }
                case .handled:
                    inFlight -= 1
                    if !draining, !waiting.isEmpty {
                        let d = waiting.removeFirst()
                        inFlight += 1
                        handlers.addTask {
                            await self.handle(d); sink.yield(.handled)
                        }
                    }
                    if draining && inFlight == 0 { break loop }
                case .draining:
                    // The subscription stays open until the jobs in hand are answered and acknowledged (ending
                    // it would requeue them too); what it delivers meanwhile waits, unacknowledged.
                    draining = true
                    logger.notice("no longer taking jobs", metadata: ["jobsInHand": "\(inFlight)", "gracePeriod": "\(grace)"])
                    if inFlight == 0 { break loop }
                    graceTimer = Task {
                        try? await Task.sleep(for: grace)
                        if !Task.isCancelled { sink.yield(.graceExpired) }
                    }
                case .graceExpired:
                    logger.warning("grace period over; handing the jobs in hand back", metadata: ["jobs": "\(inFlight)"])
                    handlers.cancelAll()
                case .streamEnded(let error):
                    if draining { continue }
                    failure = error
                    handlers.cancelAll()
                    break loop
                }
            }
            graceTimer?.cancel()
            await handlers.waitForAll()
        }
        if let failure { throw failure }
        return draining
    }

    /// Tells the daemon this worker is alive and how busy it is (a message on the result queue).
    public func heartbeat(jobsInFlight: Int) async throws {
        let body: JSON = ["worker": .string(name), "jobsInFlight": .int(jobsInFlight), "concurrency": .int(concurrency)]
        try await broker.publish(
            BrokerMessage(
                exchange: "", routingKey: topology.resultQueue, body: Array(body.serialized().utf8),
                headers: [WorkerRoster.workerHeader: name, WorkerRoster.heartbeatHeader: "1"]))
    }

    func handle(_ delivery: BrokerDelivery) async {
        let job: Job
        do {
            job = try Job(messageBody: delivery.body)
        } catch {
            DaemonMetrics.workerJobsMalformed.increment()
            await broker.deadLetter(
                delivery, exchange: topology.deadLetterExchange, routingKey: topology.jobQueue,
                reason: "a malformed job: \(JSONValueDecoder.describe(error))", log: log)
            return
        }
        DaemonMetrics.workerInFlight.increment()
        inHand.value.add(1, ordering: .relaxed)
        defer {
            DaemonMetrics.workerInFlight.decrement()
            inHand.value.subtract(1, ordering: .relaxed)
        }
        let began = ContinuousClock.now
        let outcome = await tasks.run(job.request)
        if Task.isCancelled {
            // Drained past the grace period: the answer may be the cancellation's, not the task's. Give the
            // job back unanswered, so that it runs once more elsewhere and its execution records one result.
            DaemonMetrics.workerJobsHandedBack.increment()
            await broker.reject(delivery, requeue: true)
            return
        }
        let took = ContinuousClock.now - began
        DaemonMetrics.workerJobDuration.recordNanoseconds(
            took.components.seconds * 1_000_000_000 + took.components.attoseconds / 1_000_000_000)
        if case .failure = outcome { DaemonMetrics.workerJobsFailed.increment() } else { DaemonMetrics.workerJobs.increment() }
        let result = JobResult(
            executionId: job.executionId, taskId: job.request.id, outcome: outcome, batch: job.batch,
            executionArn: job.request.executionArn)
        do {
            try await broker.publish(
                BrokerMessage(
                    exchange: "", routingKey: topology.resultQueue, body: try result.messageBody(),
                    messageId: job.id, headers: [WorkerRoster.workerHeader: name]))
            await broker.ack(delivery)
        } catch {
            // The answer did not reach the broker: put the job back so that someone runs it again.
            log("cannot publish the answer to \(job.id): \(error)")
            await broker.reject(delivery, requeue: true)
        }
    }
}
