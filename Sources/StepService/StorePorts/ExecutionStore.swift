import StepEngine
import StepJSON
import StepLanguage

/// The store port: everything about state machines and executions that must survive a crash.
///
/// Calls are synchronous and may block on I/O; the service calls them from its own store thread,
/// never from an async executor that serves other work. An implementation is safe to call from one
/// thread at a time per instance; separate processes may share the same underlying database.
public protocol ExecutionStore: ActivityStore, MapRunStore {
    // MARK: State machines

    /// Creates the state machine, or updates its definition (a new revision) when the name exists.
    func upsertStateMachine(name: String, definition: String, type: StateMachineType, loggingLevel: String, now: Timestamp)
        throws(StoreError) -> StateMachineRecord
    func stateMachine(name: String) throws(StoreError) -> StateMachineRecord?
    func listStateMachines() throws(StoreError) -> [StateMachineRecord]
    /// Publishes the current definition as the next numbered version.
    func publishVersion(stateMachine: String, description: String?, now: Timestamp) throws(StoreError) -> VersionRecord
    func version(stateMachine: String, number: Int) throws(StoreError) -> VersionRecord?
    func createAlias(
        stateMachine: String, name: String, routing: [AliasRecord.Route], description: String?, now: Timestamp
    ) throws(StoreError) -> AliasRecord
    func alias(stateMachine: String, name: String) throws(StoreError) -> AliasRecord?
    /// A resource's tags, in the order they were first given.
    func tags(resourceArn: String) throws(StoreError) -> [ActivityTag]
    /// Adds tags to a resource, replacing the values of keys it has already.
    func tagResource(_ resourceArn: String, tags: [ActivityTag]) throws(StoreError)
    /// Removes tags by key; keys the resource does not have are ignored.
    func untagResource(_ resourceArn: String, keys: [String]) throws(StoreError)
    /// Starts a new revision of a state machine with the same definition (an update that changed only
    /// its role, or its first update); the record after it.
    func newRevision(stateMachine: String, now: Timestamp) throws(StoreError) -> StateMachineRecord
    /// Records the role a state machine was created or updated with.
    func setRoleArn(stateMachine: String, roleArn: String?) throws(StoreError)
    /// Deletes a state machine with its versions and aliases; its executions stay. No error when it is absent.
    func deleteStateMachine(name: String) throws(StoreError)
    /// The state machine's published versions, newest first.
    func listVersions(stateMachine: String) throws(StoreError) -> [VersionRecord]
    /// The state machine's aliases, by name.
    func listAliases(stateMachine: String) throws(StoreError) -> [AliasRecord]
    /// Deletes a version; no error when it is absent. An alias that routes to it is a `ConflictException`.
    func deleteVersion(stateMachine: String, number: Int) throws(StoreError)
    /// Deletes an alias; no error when it is absent.
    func deleteAlias(stateMachine: String, name: String) throws(StoreError)

    // MARK: Executions

    /// Creates an execution waiting to be started; an existing one with the same name and input is returned
    /// as is, one with another input throws `ExecutionAlreadyExists`.
    func createExecution(_ new: NewExecution) throws(StoreError) -> (record: ExecutionRecord, created: Bool)
    func execution(id: Int64) throws(StoreError) -> ExecutionRecord?
    /// By ARN, or by name (the most recent execution of that name).
    func execution(reference: String) throws(StoreError) -> ExecutionRecord?
    func listExecutions(stateMachine: String?, status: ExecutionStatus?, limit: Int) throws(StoreError) -> [ExecutionRecord]
    /// The history, in AWS's event shape.
    func history(executionId: Int64) throws(StoreError) -> [JSON]
    func engineState(executionId: Int64) throws(StoreError) -> ExecutionState?
    /// The definition an execution runs (the revision or version it started with) and its logging level.
    func definition(forExecution id: Int64) throws(StoreError) -> (definition: String, loggingLevel: String, roleArn: String?)

    /// Commits many transitions in one transaction (group commit).
    func commit(_ batch: [TransitionCommit]) throws(StoreError)

    /// Records an execution that ran wholly in memory (Express) with its result, and its history if kept.
    func recordFinished(executionId: Int64, state: ExecutionState, events: [HistoryEvent]) throws(StoreError)

    /// Executions created but not started yet, with ids above `after`.
    func pendingStarts(after: Int64, limit: Int) throws(StoreError) -> [ExecutionRecord]
    /// Every durable timer.
    func timers() throws(StoreError) -> [TimerRecord]
    /// Every task started and not answered.
    func pendingTasks() throws(StoreError) -> [PendingTaskRecord]

    // MARK: Requests from client processes

    func enqueueRequest(executionId: Int64, kind: ControlRequest.Kind, error: String?, cause: String?) throws(StoreError)
    /// A task callback for the service: success (with output), failure, or heartbeat.
    func enqueueTaskCallback(executionId: Int64, task: Int, kind: ControlRequest.Kind, output: String?, error: String?, cause: String?)
        throws(StoreError)
    /// The execution and task waiting for `token`, if any.
    func task(token: String) throws(StoreError) -> (executionId: Int64, task: Int)?
    /// Ended executions whose status-change event is not yet published, oldest first.
    func pendingStatusEvents(limit: Int) throws(StoreError) -> [ExecutionRecord]
    /// Clears the pending status-change events of these executions.
    func statusEventsPublished(_ ids: [Int64]) throws(StoreError)
    func requests() throws(StoreError) -> [ControlRequest]
    func deleteRequest(id: Int64) throws(StoreError)

    /// Whether a service holds the database now (a lease renewed while `serve` runs).
    func serviceIsAlive(now: Timestamp) throws(StoreError) -> Bool
    func renewServiceLease(owner: String, now: Timestamp) throws(StoreError)
}
