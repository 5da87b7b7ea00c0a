import StepEngine
import StepJSON
import StepLanguage

/// Executions, their engine state and history, and what the service recovers after a restart: the
/// commit path of every step.
public protocol ExecutionHistoryStore: AnyObject {
    /// Creates an execution waiting to be started. An execution of that name still running with the same
    /// input is returned as is (`created` false); any other one of that name throws `ExecutionAlreadyExists`.
    func createExecution(_ new: NewExecution) throws(StoreError) -> (record: ExecutionRecord, created: Bool)
    func execution(id: Int64) throws(StoreError) -> ExecutionRecord?
    /// By ARN, or by name (the most recent execution of that name).
    func execution(reference: String) throws(StoreError) -> ExecutionRecord?
    /// Newest first, optionally of one state machine or one status.
    func listExecutions(stateMachine: String?, status: ExecutionStatus?, limit: Int) throws(StoreError) -> [ExecutionRecord]
    /// The history, in AWS's event shape, by event id.
    func history(executionId: Int64) throws(StoreError) -> [JSON]
    func engineState(executionId: Int64) throws(StoreError) -> ExecutionState?
    /// The definition an execution runs (the revision or version it started with), with its state
    /// machine's logging level and role.
    func definition(forExecution id: Int64) throws(StoreError) -> (definition: String, loggingLevel: String, roleArn: String?)

    /// Commits many transitions in one transaction (group commit): all of them or, on an error, none.
    /// A step that finishes its execution clears the execution's timers and tasks and marks its
    /// status-change event pending (Standard only).
    func commit(_ batch: [TransitionCommit]) throws(StoreError)
    /// Records an execution that ran wholly in memory (Express) with its result, and its history if kept.
    func recordFinished(executionId: Int64, state: ExecutionState, events: [HistoryEvent]) throws(StoreError)

    /// Executions created but not started yet, with ids above `after`, oldest first.
    func pendingStarts(after: Int64, limit: Int) throws(StoreError) -> [ExecutionRecord]
    /// Every durable timer.
    func timers() throws(StoreError) -> [TimerRecord]
    /// Every task started and not yet handed to a runner.
    func pendingTasks() throws(StoreError) -> [PendingTaskRecord]
}
