import StepEngine
import StepJSON
import StepLanguage
import StepRuntime

extension DurableService {
    /// Runs a `states:startExecution` task: starts the child (once, even when the task runs again after
    /// a restart) and answers as its integration pattern does.
    func runNested(_ key: TaskKey, _ request: TaskRequest) async -> TaskOutcome {
        let nested: NestedExecution
        do {
            nested = try NestedExecution(request)
        } catch {
            return .failure(error: error.error, cause: error.cause)
        }
        let name = nested.name ?? NestedExecution.childName(parent: request.executionArn, task: request.id)
        let now = clock.now()
        let record: ExecutionRecord
        do throws(StoreError) {
            record = try await worker.run { (s) throws(StoreError) -> ExecutionRecord in
                do throws(StoreError) {
                    return try ExecutionStarter.start(
                        in: s, stateMachine: nested.stateMachine, name: name, input: nested.input, now: now)
                } catch  where error.code == .executionAlreadyExists && nested.name == nil {
                    // Started before a restart, and ended since: the same child.
                    if let existing = try s.execution(reference: name) { return existing }
                    throw error
                }
            }
        } catch {
            return .failure(error: nested.errorName(error.code), cause: error.message)
        }
        if nested.pattern != .requestResponse {
            if Task.isCancelled {
                // The parent's task was cancelled while the child was being created.
                await start(record)
                await apply(record.id, .stop(error: nil, cause: "The parent execution stopped"))
                return .failure(error: "States.Aborted", cause: nil)
            }
            supervisor.nestedChildren[key] = record.id
        }
        await start(record)
        switch nested.pattern {
        case .requestResponse:
            return .success(nested.started(record))
        case .waitForTaskToken:
            return .submitted(nested.started(record))
        case .sync, .sync2:
            let ended = await childState(record.id)
            supervisor.nestedChildren[key] = nil
            return nested.outcome(ended)
        }
    }

    /// The child's final state: now if it has ended, else when it does.
    func childState(_ id: Int64) async -> ExecutionState {
        if open[id] == nil, let state = try? await worker.run({ (s) throws(StoreError) in try s.engineState(executionId: id) }),
            state.isFinished
        {
            return state
        }
        return await withCheckedContinuation { c in childWaiters[id, default: []].append(c) }
    }

    /// Wakes the `.sync` tasks waiting for an execution that has just ended.
    func childEnded(_ id: Int64, _ state: ExecutionState) {
        guard let waiters = childWaiters.removeValue(forKey: id) else { return }
        for w in waiters { w.resume(returning: state) }
    }
}
