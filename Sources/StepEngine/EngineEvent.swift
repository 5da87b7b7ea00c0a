import StepJSON
import StepLanguage

/// Something that happened to an execution, handed to the engine with the time it happened and a random seed.
public enum EngineEvent: Sendable, Codable {
    /// The execution starts.
    case start
    /// A task reported its result.
    case taskSucceeded(task: Int, output: JSON)
    /// A task failed with an error name and a cause.
    case taskFailed(task: Int, error: String, cause: String?)
    /// A `.waitForTaskToken` task was handed over; its result comes with the callback.
    case taskSubmitted(task: Int, output: JSON)
    /// A task sent a heartbeat.
    case taskHeartbeat(task: Int)
    /// A worker took an activity task (`GetActivityTask`): `ActivityStarted`, and the heartbeat interval
    /// starts again. Ignored for other tasks and for an activity task already started.
    case taskStarted(task: Int, workerName: String?)
    /// A timer started by the engine reached its due time.
    case timerFired(timer: Int)
    /// `StopExecution`.
    case stop(error: String?, cause: String?)
    /// `RedriveExecution`: run a failed, timed-out or aborted execution again from the top-level state where it stopped.
    case redrive
}

/// One engine input: the event, when it happened, and the seed for anything random it needs.
public struct EngineInput: Sendable, Codable {
    public var event: EngineEvent
    public var time: Timestamp
    public var seed: UInt64

    public init(_ event: EngineEvent, time: Timestamp, seed: UInt64) {
        self.event = event
        self.time = time
        self.seed = seed
    }
}

/// Work the engine asks its driver to carry out.
public enum EngineCommand: Sendable, Equatable {
    /// Call a Task state's resource.
    case runTask(TaskRequest)
    /// Stop waiting for a task: its result, if it comes, will be ignored.
    case cancelTask(Int)
    /// Deliver `.timerFired(timer:)` at `due`.
    case startTimer(id: Int, due: Timestamp)
    case cancelTimer(Int)
}

/// What a task runner needs to call a resource.
public struct TaskRequest: Sendable, Equatable, Codable {
    public var id: Int
    public var resource: String
    public var input: JSON
    public var stateName: String
    public var timeoutSeconds: Int?
    public var heartbeatSeconds: Int?
    /// Set for `.waitForTaskToken` resources and activities: the token the caller must send back.
    public var taskToken: String?
    public var credentials: JSON?
    public var executionArn: String

    public init(
        id: Int, resource: String, input: JSON, stateName: String, timeoutSeconds: Int?, heartbeatSeconds: Int?,
        taskToken: String?, credentials: JSON?, executionArn: String
    ) {
        self.id = id
        self.resource = resource
        self.input = input
        self.stateName = stateName
        self.timeoutSeconds = timeoutSeconds
        self.heartbeatSeconds = heartbeatSeconds
        self.taskToken = taskToken
        self.credentials = credentials
        self.executionArn = executionArn
    }
}
