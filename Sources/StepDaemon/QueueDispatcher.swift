import Logging
import StepJSON
import StepService

/// Sends tasks to workers as jobs on the job queue (published with confirms).
public struct QueueDispatcher: TaskDispatcher {
    let broker: any MessageBroker
    let topology: DaemonTopology
    let log: @Sendable (String) -> Void

    public init(broker: any MessageBroker, topology: DaemonTopology, log: @escaping @Sendable (String) -> Void) {
        self.broker = broker
        self.topology = topology
        self.log = log
    }

    public func dispatch(_ job: Job) async {
        let body: [UInt8]
        do {
            body = try job.messageBody()
        } catch {
            // Not for a job the engine made (its JSON members go in as they are); the job stays in the outbox.
            log("cannot encode job \(job.id): \(error)")
            return
        }
        let message = BrokerMessage(exchange: "", routingKey: topology.jobQueue, body: body, messageId: job.id)
        // The job is in the store's outbox: it is never lost, only late. Retry until the broker is back.
        let error = await publishRetrying(failed: { log("cannot publish job \(job.id): \($0); retrying") }) {
            try await broker.publish(message)
        }
        if let error {
            log("the broker refused job \(job.id): \(error)")
        } else {
            DaemonMetrics.jobsQueued.increment()
            Self.logger.debug("job handed to the workers", metadata: ["job": .string(job.id), "resource": .string(job.request.resource)])
        }
    }

    static let logger = Logger(label: "stepline.jobs")
}

/// Applies workers' answers from the result queue; each is acknowledged once its effect is committed.
public struct ResultIngress: Sendable {
    let broker: any MessageBroker
    let topology: DaemonTopology
    let service: DurableService
    let batches: BatchWaiters?
    let roster: WorkerRoster?
    let log: @Sendable (String) -> Void

    public init(
        broker: any MessageBroker, topology: DaemonTopology, service: DurableService, batches: BatchWaiters? = nil,
        roster: WorkerRoster? = nil, log: @escaping @Sendable (String) -> Void
    ) {
        self.broker = broker
        self.topology = topology
        self.service = service
        self.batches = batches
        self.roster = roster
        self.log = log
    }

    public func run(prefetch: Int = 512) async throws {
        for try await delivery in broker.deliveries(queue: topology.resultQueue, prefetch: prefetch) {
            if delivery.headers[WorkerRoster.heartbeatHeader] != nil {
                roster?.heartbeat(delivery.body)
                await broker.ack(delivery)
                continue
            }
            if let worker = delivery.headers[WorkerRoster.workerHeader] { roster?.answered(by: worker) }
            let result: JobResult
            do {
                result = try JobResult(messageBody: delivery.body)
            } catch {
                await broker.deadLetter(
                    delivery, exchange: topology.deadLetterExchange, routingKey: topology.resultQueue,
                    reason: "a malformed job result: \(JSONValueDecoder.describe(error))", log: log)
                continue
            }
            if let batch = result.batch {
                // A batch of a map run's children: its coordinator awaits it (a stale one, from before a
                // restart, is awaited by nobody and dropped).
                await batches?.complete(batch, result.outcome)
                await broker.ack(delivery)
                continue
            }
            guard await service.holds(result) else {
                // Row ids repeat across databases: a job another service (or an earlier database) left on a
                // shared queue. Kept in the dead-letter queue, never applied to the wrong execution.
                await broker.deadLetter(
                    delivery, exchange: topology.deadLetterExchange, routingKey: topology.resultQueue,
                    reason:
                        "an answer for \(result.executionArn ?? "?"), which this service's database does not hold; do two services share these queues?",
                    log: log)
                continue
            }
            await service.deliver(result)
            broker.ack(delivery, onceCommittedBy: service)
        }
    }
}
