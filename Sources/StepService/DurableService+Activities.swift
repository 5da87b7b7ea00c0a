import StepEngine
import StepJSON
import StepLanguage
import StepRuntime

extension DurableService {
    // MARK: The activity registry

    /// CreateActivity: idempotent by name; `InvalidName` for a name AWS would refuse.
    public func createActivity(name: String, tags: [ActivityTag] = []) async throws(StoreError) -> ActivityRecord {
        let now = clock.now()
        return try await worker.run { (s) throws(StoreError) in try Activities.create(in: s, name: name, tags: tags, now: now) }
    }

    /// DescribeActivity: `ActivityDoesNotExist` for an unknown ARN, `InvalidArn` for what is not an activity ARN.
    public func describeActivity(arn: String) async throws(StoreError) -> ActivityRecord {
        try await worker.run { (s) throws(StoreError) in try Activities.describe(in: s, arn: arn) }
    }

    /// ListActivities, by name.
    public func listActivities() async throws(StoreError) -> [ActivityRecord] {
        try await worker.run { (s) throws(StoreError) in try s.listActivities() }
    }

    /// DeleteActivity.
    public func deleteActivity(arn: String) async throws(StoreError) {
        try await worker.run { (s) throws(StoreError) in try Activities.delete(in: s, arn: arn) }
    }

    // MARK: Workers

    /// GetActivityTask in this process: waits up to `waitSeconds` for a task of the activity waiting in the
    /// store, claims it (no other poller gets it) and records `ActivityStarted`; `nil` when none came.
    /// With an activity queue, tasks go to the broker instead and this finds none.
    public func getActivityTask(activityArn: String, workerName: String? = nil, waitSeconds: Double = Activities.pollSeconds)
        async throws(StoreError) -> ActivityTask?
    {
        let deadline = clock.now().epochMilliseconds + Int(waitSeconds * 1000)
        while true {
            let claimed = try await worker.run { (s) throws(StoreError) in
                try Activities.claim(in: s, arn: activityArn, workerName: workerName)
            }
            if let claimed {
                await taskStarted(executionId: claimed.executionId, task: claimed.task, workerName: workerName)
                return claimed.assignment
            }
            guard clock.now().epochMilliseconds < deadline, !Task.isCancelled else { return nil }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    /// A worker took an activity task (from the store or from the activity's queue): `ActivityStarted`.
    public func taskStarted(executionId: Int64, task: Int, workerName: String?) async {
        await apply(executionId, .taskStarted(task: task, workerName: workerName))
    }

    // MARK: Handing activity tasks over

    /// An activity task runs nothing here: it is handed to the activity's queue (the broker's, or the store's
    /// own) and waits, holding only its row, until a worker answers with its token. A Task state naming an
    /// activity that does not exist fails with `States.Runtime`, as in AWS.
    func startActivityTask(execution: Int64, request: TaskRequest) {
        let key = TaskKey(execution: execution, task: request.id)
        open[execution]?.inFlight += 1
        let handOver = Task {
            let arn = request.resource
            guard let exists = await retryingStore({ (s) throws(StoreError) in try s.activity(arn: arn) != nil }) else {
                return
            }
            guard exists, let name = ARN(parsing: arn)?.activityName, let token = request.taskToken else {
                await taskFinished(
                    key, .failure(error: StatesErrorName.runtime, cause: Activities.missingCause(arn)))
                return
            }
            if let activityQueue {
                let task = ActivityTask(taskToken: token, input: request.input.serialized())
                guard await publish(task, to: activityQueue, activityName: name) else { return }
            }
            let published = activityQueue != nil
            _ = await retryingStore { (s) throws(StoreError) in
                try s.handOverActivityTask(executionId: execution, task: request.id, published: published)
            }
            activityHandedOver(key)
        }
        supervisor.began(key, handOver, timed: false)
    }

    /// The task waits for its worker now: it no longer counts as running in this process.
    func activityHandedOver(_ key: TaskKey) {
        guard supervisor.finished(key) else { return }
        open[key.execution]?.inFlight -= 1
    }

    /// Publishes until the broker confirms (the task is in the outbox meanwhile); `false` once cancelled.
    func publish(_ task: ActivityTask, to queue: any ActivityQueue, activityName: String) async -> Bool {
        var backoff = Backoff(first: .milliseconds(100))
        while !Task.isCancelled {
            do {
                try await queue.publish(task, activityName: activityName)
                return true
            } catch {
                log("cannot publish a task of activity \(activityName): \(error); retrying")
                await backoff.wait()
            }
        }
        return false
    }

    /// Runs a store call until it succeeds, backing off; `nil` once the calling task is cancelled.
    func retryingStore<T: Sendable>(_ body: @escaping @Sendable (any ExecutionStore) throws(StoreError) -> T) async -> T? {
        var backoff = Backoff(first: .milliseconds(50))
        while !Task.isCancelled {
            do {
                return try await worker.run(body)
            } catch {
                log("store call failed, retrying: \(error)")
                await backoff.wait()
            }
        }
        return nil
    }
}
