import StepLanguage

/// State machines with their revisions, published versions and aliases (`CreateStateMachine`,
/// `PublishStateMachineVersion`, `CreateStateMachineAlias` and their reads and deletes).
public protocol StateMachineStore: AnyObject {
    /// Creates the state machine, or updates its definition (a new revision) when the name exists; the
    /// same definition, type and logging level again changes nothing.
    func upsertStateMachine(name: String, definition: String, type: StateMachineType, loggingLevel: String, now: Timestamp)
        throws(StoreError) -> StateMachineRecord
    func stateMachine(name: String) throws(StoreError) -> StateMachineRecord?
    /// Every state machine, by name.
    func listStateMachines() throws(StoreError) -> [StateMachineRecord]
    /// Starts a new revision of a state machine with the same definition (an update that changed only
    /// its role, or its first update); the record after it.
    func newRevision(stateMachine: String, now: Timestamp) throws(StoreError) -> StateMachineRecord
    /// Records the role a state machine was created or updated with.
    func setRoleArn(stateMachine: String, roleArn: String?) throws(StoreError)
    /// Deletes a state machine with its revisions, versions, aliases and tags; its executions stay. No error
    /// when it is absent.
    func deleteStateMachine(name: String) throws(StoreError)

    /// Publishes the current definition as the next numbered version. A definition already published
    /// returns that version; numbers are never reused, even after a version is deleted.
    func publishVersion(stateMachine: String, description: String?, now: Timestamp) throws(StoreError) -> VersionRecord
    func version(stateMachine: String, number: Int) throws(StoreError) -> VersionRecord?
    /// The state machine's published versions, newest first.
    func listVersions(stateMachine: String) throws(StoreError) -> [VersionRecord]
    /// Deletes a version; no error when it is absent. An alias that routes to it is a `ConflictException`.
    func deleteVersion(stateMachine: String, number: Int) throws(StoreError)

    /// Creates or replaces an alias routing to one or two existing versions whose weights add up to 100.
    func createAlias(
        stateMachine: String, name: String, routing: [AliasRecord.Route], description: String?, now: Timestamp
    ) throws(StoreError) -> AliasRecord
    func alias(stateMachine: String, name: String) throws(StoreError) -> AliasRecord?
    /// The state machine's aliases, by name.
    func listAliases(stateMachine: String) throws(StoreError) -> [AliasRecord]
    /// Deletes an alias; no error when it is absent.
    func deleteAlias(stateMachine: String, name: String) throws(StoreError)
}
