import StepJSON
import StepLanguage
import StepRuntime
import StepService

/// The AWS Step Functions API over the store: AWS's JSON 1.0 protocol (`POST /` with
/// `X-Amz-Target: AWSStepFunctions.ACTION`), the same actions, members, errors and shapes, so that the
/// `aws` CLI and the SDKs work against Stepline with only `--endpoint-url` changed.
///
/// Executions it starts, stops or calls back are carried out by the `stepline serve` it runs in.
public final class StepFunctionsAPI: Sendable {
    /// One claim of an activity task, when the service hands activity tasks out over a broker.
    public typealias ActivityPoll = @Sendable (_ activityArn: String, _ workerName: String?) async -> ActivityTask?

    let store: StoreWorker
    /// The service's commit notifications, when it runs in this process: waits for an execution to end
    /// (StartSyncExecution) or for a stop or redrive to be applied wake on its commit instead of polling.
    let changes: ExecutionChanges?
    let pollActivity: ActivityPoll?
    /// How long GetActivityTask waits for a task (AWS: 60 s).
    let activityWaitSeconds: Double
    /// What TestState calls a Task state's resource with (the service's own task runners); without one, a Task
    /// is tested only with a mock.
    let taskRunner: (any TaskRunner)?
    /// The region and account of the ARNs TestState shows in the context object.
    let partition: (region: String, account: String)

    /// `store`: the API's own connection to the database; `changes`: the service's commit notifications;
    /// `pollActivity`: where activity tasks come from when they do not wait in the database (a broker's
    /// activity queues).
    public init(
        store: StoreWorker, changes: ExecutionChanges? = nil, pollActivity: ActivityPoll? = nil,
        activityWaitSeconds: Double = Activities.pollSeconds, taskRunner: (any TaskRunner)? = nil,
        partition: (region: String, account: String) = ("us-east-1", "111111111111")
    ) {
        self.store = store
        self.changes = changes
        self.pollActivity = pollActivity
        self.activityWaitSeconds = activityWaitSeconds
        self.taskRunner = taskRunner
        self.partition = partition
    }

    /// Answers one request: `target` is the `X-Amz-Target` header, `body` the JSON request.
    public func handle(target: String, body: [UInt8]) async -> APIResponse {
        let prefix = "AWSStepFunctions."
        guard target.hasPrefix(prefix) else {
            return Self.errorResponse(APIError("UnknownOperationException", "Unknown target '\(target)'"))
        }
        let action = String(target.dropFirst(prefix.count))
        do {
            let request = try RequestFields(body)
            let answer = try await perform(action, request)
            return .json(APIDates.epochs(answer))
        } catch {
            return Self.errorResponse(error)
        }
    }

    func perform(_ action: String, _ r: RequestFields) async throws(APIError) -> JSON {
        switch action {
        case "CreateStateMachine": return try await createStateMachine(r)
        case "DescribeStateMachine": return try await describeStateMachine(r)
        case "UpdateStateMachine": return try await updateStateMachine(r)
        case "DeleteStateMachine": return try await deleteStateMachine(r)
        case "ListStateMachines": return try await listStateMachines(r)
        case "ValidateStateMachineDefinition": return try validateDefinition(r)
        case "TestState": return try await testState(r)
        case "PublishStateMachineVersion": return try await publishVersion(r)
        case "ListStateMachineVersions": return try await listVersions(r)
        case "DeleteStateMachineVersion": return try await deleteVersion(r)
        case "CreateStateMachineAlias": return try await createAlias(r)
        case "UpdateStateMachineAlias": return try await updateAlias(r)
        case "DescribeStateMachineAlias": return try await describeAlias(r)
        case "ListStateMachineAliases": return try await listAliases(r)
        case "DeleteStateMachineAlias": return try await deleteAlias(r)
        case "StartExecution": return try await startExecution(r)
        case "StartSyncExecution": return try await startSyncExecution(r)
        case "DescribeExecution": return try await describeExecution(r)
        case "DescribeStateMachineForExecution": return try await describeStateMachineForExecution(r)
        case "GetExecutionHistory": return try await executionHistory(r)
        case "ListExecutions": return try await listExecutions(r)
        case "StopExecution": return try await stopExecution(r)
        case "RedriveExecution": return try await redriveExecution(r)
        case "SendTaskSuccess": return try await sendTaskSuccess(r)
        case "SendTaskFailure": return try await sendTaskFailure(r)
        case "SendTaskHeartbeat": return try await sendTaskHeartbeat(r)
        case "CreateActivity": return try await createActivity(r)
        case "DescribeActivity": return try await describeActivity(r)
        case "ListActivities": return try await listActivities(r)
        case "DeleteActivity": return try await deleteActivity(r)
        case "GetActivityTask": return try await getActivityTask(r)
        case "DescribeMapRun": return try await describeMapRun(r)
        case "ListMapRuns": return try await listMapRuns(r)
        case "TagResource": return try await tagResource(r)
        case "UntagResource": return try await untagResource(r)
        case "ListTagsForResource": return try await listTags(r)
        default:
            throw APIError("UnknownOperationException", "Stepline does not implement the action '\(action)'")
        }
    }

    /// AWS's JSON 1.0 error body: `{"__type": "…#CODE", "message": …}`.
    static func errorResponse(_ e: APIError) -> APIResponse {
        var r = APIResponse.json(
            ["__type": .string("com.amazonaws.swf.service.model#\(e.code)"), "message": .string(e.message)],
            status: e.status)
        r.headers.append(("x-amzn-ErrorType", e.code))
        return r
    }

    /// Runs a store call on the API's store thread, mapping a refusal to its AWS error.
    func call<T: Sendable>(_ body: @escaping @Sendable (any ExecutionStore) throws(StoreError) -> T) async throws(APIError) -> T {
        do {
            return try await store.run(body)
        } catch {
            throw APIError(error)
        }
    }

    /// Runs a store call that only reads, on one of the API's reader connections at once (see
    /// `StoreWorker.read`), mapping a refusal to its AWS error.
    func read<T: Sendable>(_ body: @escaping @Sendable (any ExecutionStore) throws(StoreError) -> T) async throws(APIError) -> T {
        do {
            return try await store.read(body)
        } catch {
            throw APIError(error)
        }
    }
}
