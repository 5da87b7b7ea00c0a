import StepLanguage

/// The store port for activities: the registry (`CreateActivity` …) and the activity tasks waiting for a
/// worker. An activity task is a row of the outbox (`tasks`) with its token; it is handed over once (to the
/// database's own queue, or published to the activity's broker queue), then claimed by one worker.
public protocol ActivityStore: AnyObject {
    /// Inserts the activity unless one of that name exists; returns the stored one either way.
    func createActivity(name: String, tags: [ActivityTag], now: Timestamp) throws(StoreError) -> ActivityRecord
    func activity(arn: String) throws(StoreError) -> ActivityRecord?
    func listActivities() throws(StoreError) -> [ActivityRecord]
    /// Removes the activity (nothing when it does not exist); tasks already scheduled keep waiting.
    func deleteActivity(arn: String) throws(StoreError)

    /// Marks an activity task as handed over: never run again on recovery. Not `published`: it waits in
    /// the database for `claimActivityTask`; `published`: it went to the activity's broker queue and is
    /// claimed already.
    func handOverActivityTask(executionId: Int64, task: Int, published: Bool) throws(StoreError)
    /// Claims the oldest task of the activity waiting in the database, in one write transaction, so that
    /// two pollers (in any processes) never get the same task.
    func claimActivityTask(activityArn: String, workerName: String?) throws(StoreError)
        -> (executionId: Int64, task: Int, assignment: ActivityTask)?
    /// Asks the running service to record that a worker took a task (`ActivityStarted`).
    func enqueueTaskStarted(executionId: Int64, task: Int, workerName: String?) throws(StoreError)
}

/// Where activity tasks go when a broker is configured: one durable queue per activity.
public protocol ActivityQueue: Sendable {
    /// Publishes the task to the activity's queue and returns once the broker has confirmed it.
    func publish(_ task: ActivityTask, activityName: String) async throws
}
