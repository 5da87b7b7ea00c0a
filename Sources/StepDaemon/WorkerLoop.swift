import StepJSON
import StepRuntime
import StepService

/// `stepline worker`: takes jobs, runs them with the task runner, publishes each answer (confirmed),
/// then acknowledges the job. A worker that dies mid-job loses nothing: the broker redelivers the job.
public struct WorkerLoop: Sendable {
    let broker: any MessageBroker
    let topology: DaemonTopology
    let tasks: any TaskRunner
    let concurrency: Int
    let log: @Sendable (String) -> Void

    public init(
        broker: any MessageBroker, topology: DaemonTopology, tasks: any TaskRunner, concurrency: Int,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.broker = broker
        self.topology = topology
        self.tasks = tasks
        self.concurrency = max(1, concurrency)
        self.log = log
    }

    public func run() async throws {
        try await broker.consume(topology.jobQueue, prefetch: concurrency, concurrency: concurrency) { d in
            await self.handle(d)
        }
    }

    func handle(_ delivery: BrokerDelivery) async {
        guard let json = try? JSON(parsing: delivery.body), let job = Job(json: json) else {
            log("dropping a malformed job")
            await broker.reject(delivery, requeue: false)
            return
        }
        let outcome = await tasks.run(job.request)
        let result = JobResult(executionId: job.executionId, taskId: job.request.id, outcome: outcome, batch: job.batch)
        do {
            try await broker.publish(
                BrokerMessage(
                    exchange: "", routingKey: topology.resultQueue, body: Array(result.json.serialized().utf8),
                    messageId: job.id))
            await broker.ack(delivery)
        } catch {
            // The answer did not reach the broker: put the job back so that someone runs it again.
            log("cannot publish the answer to \(job.id): \(error)")
            await broker.reject(delivery, requeue: true)
        }
    }
}
