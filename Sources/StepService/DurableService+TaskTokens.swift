import StepEngine
import StepJSON
import StepLanguage

extension DurableService {
    /// SendTaskSuccess in this process: completes the task (an activity's or a `.waitForTaskToken` one)
    /// waiting for `taskToken`. `TaskTimedOut` when no task waits for it any more.
    public func sendTaskSuccess(taskToken: String, output: JSON) async throws(StoreError) {
        let (execution, task) = try await waitingTask(taskToken)
        await deliver(JobResult(executionId: execution, taskId: task, outcome: .success(output)))
    }

    /// SendTaskFailure in this process.
    public func sendTaskFailure(taskToken: String, error: String?, cause: String?) async throws(StoreError) {
        let (execution, task) = try await waitingTask(taskToken)
        await deliver(
            JobResult(
                executionId: execution, taskId: task,
                outcome: .failure(error: error ?? StatesErrorName.taskFailed, cause: cause)))
    }

    /// SendTaskHeartbeat in this process.
    public func sendTaskHeartbeat(taskToken: String) async throws(StoreError) {
        let (execution, task) = try await waitingTask(taskToken)
        await heartbeat(executionId: execution, task: task)
    }

    func waitingTask(_ token: String) async throws(StoreError) -> (Int64, Int) {
        guard let found = try await worker.run({ (s) throws(StoreError) in try s.task(token: token) }) else {
            throw StoreError.unknownToken(token)
        }
        return (found.executionId, found.task)
    }
}
