import StepEngine
import StepJSON
import StepLanguage
import StepService

/// Task-token callbacks from a queue: `{"taskToken", "output"}` completes the task, `{"taskToken", "error",
/// "cause"}` fails it, `{"taskToken", "heartbeat": true}` beats, `{"taskToken", "started": true, "workerName"}`
/// records that an activity worker took the task (`ActivityStarted`). Acknowledged once applied and committed; a
/// callback for a token no longer awaited changes nothing and is dead-lettered with AWS's reason.
public struct CallbackIngress: Sendable {
    let broker: any MessageBroker
    let topology: DaemonTopology
    let service: DurableService
    let worker: StoreWorker
    let log: @Sendable (String) -> Void

    public init(
        broker: any MessageBroker, topology: DaemonTopology, service: DurableService, worker: StoreWorker,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.broker = broker
        self.topology = topology
        self.service = service
        self.worker = worker
        self.log = log
    }

    /// Handles up to `concurrency` callbacks at once: their token lookups and commits share batches.
    public func run(prefetch: Int = 512, concurrency: Int = 128) async throws {
        try await broker.consume(topology.callbackQueue, prefetch: prefetch, concurrency: concurrency) { d in
            await self.handle(d)
        }
    }

    func handle(_ delivery: BrokerDelivery) async {
        guard let body = try? JSON(parsing: delivery.body), let token = body["taskToken"]?.stringValue else {
            await deadLetter(delivery, reason: "a callback needs a JSON body with a taskToken")
            return
        }
        let found: (executionId: Int64, task: Int)?
        do {
            found = try await worker.run { (s) throws(StoreError) in try s.task(token: token) }
        } catch {
            log("cannot look up a task token (\(error)); requeueing the callback")
            await broker.reject(delivery, requeue: true)
            return
        }
        guard let found else {
            await deadLetter(delivery, reason: "TaskTimedOut: Task Timed Out: '\(token)'")
            return
        }
        if let output = body["output"] {
            // AWS takes `output` as JSON text; a JSON value is accepted as itself.
            var value = output
            if case .string(let text) = output, let parsed = try? JSON(parsing: text) { value = parsed }
            await service.deliver(JobResult(executionId: found.executionId, taskId: found.task, outcome: .success(value)))
        } else if let error = body["error"]?.stringValue {
            await service.deliver(
                JobResult(
                    executionId: found.executionId, taskId: found.task,
                    outcome: .failure(error: error, cause: body["cause"]?.stringValue)))
        } else if body["heartbeat"]?.boolValue == true {
            await service.heartbeat(executionId: found.executionId, task: found.task)
        } else if body["started"]?.boolValue == true {
            await service.taskStarted(
                executionId: found.executionId, task: found.task, workerName: body["workerName"]?.stringValue)
        } else {
            await deadLetter(delivery, reason: "a callback needs output, error, heartbeat or started")
            return
        }
        broker.ack(delivery, onceCommittedBy: service)
    }

    func deadLetter(_ delivery: BrokerDelivery, reason: String) async {
        await broker.deadLetter(
            delivery, exchange: topology.deadLetterExchange, routingKey: topology.callbackQueue, reason: reason, log: log)
    }
}
