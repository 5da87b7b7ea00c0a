import StepEngine
import StepJSON
import StepLanguage
import StepMapRun
import StepRuntime
import Synchronization

extension DurableService {
    /// Runs a batch of a `STANDARD` map run's children as durable executions of their own: each is a
    /// Standard execution of the item processor (registered as the state machine `MACHINE/LABEL`), with
    /// its history, its Task states on the workers, and its name derived from the map run, so that a run
    /// started again after a restart finds the children it had started instead of starting them twice.
    public func runStandardChildren(_ batch: MapBatch) async -> Result<[ChildResult], MapRunFailure> {
        let names = ChildNames(mapRunArn: batch.mapRunArn, executionType: batch.executionType)
        let machine = names.machine
        let definition = batch.definition.serialized()
        let now = clock.now()
        do throws(StoreError) {
            _ = try await worker.run { (s) throws(StoreError) in
                try s.upsertStateMachine(name: machine, definition: definition, type: .standard, loggingLevel: "OFF", now: now)
            }
        } catch {
            return .failure(MapRunFailure(StatesErrorName.runtime, "Cannot register the item processor: \(error.message)"))
        }
        var results: [ChildResult] = []
        results.reserveCapacity(batch.children.count)
        await withTaskGroup(of: ChildResult.self) { group in
            for child in batch.children {
                group.addTask { await self.runStandardChild(child, names: names, mapRun: batch.mapRunArn) }
            }
            for await r in group { results.append(r) }
        }
        return .success(results.sorted { $0.index < $1.index })
    }

    func runStandardChild(_ child: MapBatch.Child, names: ChildNames, mapRun: String) async -> ChildResult {
        let name = names.name(child.index)
        let input = child.input.serialized()
        let now = clock.now()
        let machine = names.machine
        let mapRunArn = mapRun
        let record: ExecutionRecord
        do throws(StoreError) {
            record = try await worker.run { (s) throws(StoreError) -> ExecutionRecord in
                do throws(StoreError) {
                    let r = try ExecutionStarter.start(in: s, stateMachine: machine, name: name, input: input, now: now)
                    try s.setMapRun(executionId: r.id, mapRunArn: mapRunArn)
                    return r
                } catch  where error.code == .executionAlreadyExists {
                    if let existing = try s.execution(reference: names.executionArn(name)) { return existing }
                    throw error
                }
            }
        } catch {
            return ChildResult(
                index: child.index, status: "FAILED", output: nil, error: StatesErrorName.runtime, cause: error.message,
                name: name, startMillis: now.epochMilliseconds, stopMillis: now.epochMilliseconds)
        }
        await start(record)
        let id = record.id
        let ended = await withTaskCancellationHandler {
            await childState(id)
        } onCancel: {
            // The map run was aborted (its parent stopped): so is the child, which wakes the wait.
            Task { await self.apply(id, .stop(error: nil, cause: "The map run was aborted")) }
        }
        return ChildResult(
            index: child.index, status: ended.status.rawValue, output: ended.status == .succeeded ? ended.output : nil,
            error: ended.error, cause: ended.cause, name: name, startMillis: ended.info.startTime.epochMilliseconds,
            stopMillis: (ended.stopTime ?? clock.now()).epochMilliseconds)
    }
}

/// Runs a map run's batches: `STANDARD` children as durable executions of the service (once it is
/// attached), `EXPRESS` children with `express` (in this process, or on the workers).
public struct DurableChildExecutor: MapBatchExecutor {
    let service: ServiceSlot
    let express: any MapBatchExecutor

    public init(service: ServiceSlot, express: any MapBatchExecutor) {
        self.service = service
        self.express = express
    }

    public func run(_ batch: MapBatch) async -> Result<[ChildResult], MapRunFailure> {
        if batch.executionType == .standard, let s = service.service { return await s.runStandardChildren(batch) }
        return await express.run(batch)
    }
}

/// The durable service, attached once it exists: its task runner is built before it.
public final class ServiceSlot: Sendable {
    let slot = Mutex<DurableService?>(nil)

    public init() {}

    public func attach(_ service: DurableService) { slot.withLock { $0 = service } }

    public var service: DurableService? { slot.withLock { $0 } }
}
