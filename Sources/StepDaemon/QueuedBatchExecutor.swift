import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepMapRun
import StepRuntime
import StepService

/// The map-run batches awaiting their answers from the result queue, by batch id.
public actor BatchWaiters {
    var waiting: [String: CheckedContinuation<TaskOutcome, Never>] = [:]
    /// Batches cancelled before they were registered.
    var cancelled: Set<String> = []

    public init() {}

    func register(_ id: String, _ c: CheckedContinuation<TaskOutcome, Never>) -> Bool {
        if cancelled.remove(id) != nil {
            c.resume(returning: Self.aborted)
            return false
        }
        waiting[id] = c
        return true
    }

    func cancel(_ id: String) {
        if let c = waiting.removeValue(forKey: id) {
            c.resume(returning: Self.aborted)
        } else {
            cancelled.insert(id)
        }
    }

    static let aborted = TaskOutcome.failure(error: "States.Aborted", cause: "The map run was aborted")

    /// Hands an answer to the batch that awaits it; answers nobody awaits are dropped.
    public func complete(_ id: String, _ outcome: TaskOutcome) {
        waiting.removeValue(forKey: id)?.resume(returning: outcome)
    }
}

/// Runs a map run's batches on the workers: each batch is a job on the job queue, and its answer
/// comes back on the result queue (see `ResultIngress`). A worker that dies mid-batch loses nothing:
/// the broker gives the job to another worker.
public struct QueuedBatchExecutor: MapBatchExecutor {
    let broker: any MessageBroker
    let topology: DaemonTopology
    let waiters: BatchWaiters
    let log: @Sendable (String) -> Void

    public init(
        broker: any MessageBroker, topology: DaemonTopology, waiters: BatchWaiters, log: @escaping @Sendable (String) -> Void
    ) {
        self.broker = broker
        self.topology = topology
        self.waiters = waiters
        self.log = log
    }

    public func run(_ batch: MapBatch) async -> Result<[ChildResult], MapRunFailure> {
        let id = UUID().uuidString
        let request = TaskRequest(
            id: 0, resource: MapBatch.resource, input: batch.json, stateName: "", timeoutSeconds: nil,
            heartbeatSeconds: nil, taskToken: nil, credentials: nil, executionArn: batch.mapRunArn)
        let job = Job(executionId: 0, request: request, batch: id)
        let body: [UInt8]
        do {
            body = try job.messageBody()
        } catch {
            return .failure(MapRunFailure(StatesErrorName.runtime, "Cannot encode a map batch as a job: \(error)"))
        }
        let message = BrokerMessage(exchange: "", routingKey: topology.jobQueue, body: body, messageId: job.id)
        let waiters = self.waiters
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<TaskOutcome, Never>) in
                Task {
                    if await waiters.register(id, c) { await self.publish(message, id: id) }
                }
            }
        } onCancel: {
            Task { await waiters.cancel(id) }
        }
        switch outcome {
        case .success(let value):
            guard let results = ChildResult.list(value) else {
                return .failure(MapRunFailure(StatesErrorName.runtime, "A worker answered a map batch with a malformed result"))
            }
            return .success(results)
        case .submitted:
            return .failure(MapRunFailure(StatesErrorName.runtime, "A worker answered a map batch with a callback"))
        case .failure(let error, let cause):
            return .failure(MapRunFailure(error, cause))
        }
    }

    /// Publishes until the broker confirms: a batch is never lost, only late.
    func publish(_ message: BrokerMessage, id: String) async {
        let error = await publishRetrying(failed: { log("cannot publish map batch \(id): \($0); retrying") }) {
            try await broker.publish(message)
        }
        if let error {
            log("the broker refused map batch \(id): \(error)")
            await waiters.complete(id, .failure(error: StatesErrorName.runtime, cause: "The broker refused a map batch: \(error)"))
        }
    }
}
