/// The type of a history event, as AWS names it in `GetExecutionHistory` (`HistoryEventType`): the
/// vocabulary the engine writes and every reader of a history (service, API, console) tests against.
public enum HistoryEventType: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case activityFailed = "ActivityFailed"
    case activityScheduled = "ActivityScheduled"
    case activityScheduleFailed = "ActivityScheduleFailed"
    case activityStarted = "ActivityStarted"
    case activitySucceeded = "ActivitySucceeded"
    case activityTimedOut = "ActivityTimedOut"
    case choiceStateEntered = "ChoiceStateEntered"
    case choiceStateExited = "ChoiceStateExited"
    case evaluationFailed = "EvaluationFailed"
    case executionAborted = "ExecutionAborted"
    case executionFailed = "ExecutionFailed"
    case executionRedriven = "ExecutionRedriven"
    case executionStarted = "ExecutionStarted"
    case executionSucceeded = "ExecutionSucceeded"
    case executionTimedOut = "ExecutionTimedOut"
    case failStateEntered = "FailStateEntered"
    case lambdaFunctionFailed = "LambdaFunctionFailed"
    case lambdaFunctionScheduled = "LambdaFunctionScheduled"
    case lambdaFunctionScheduleFailed = "LambdaFunctionScheduleFailed"
    case lambdaFunctionStarted = "LambdaFunctionStarted"
    case lambdaFunctionStartFailed = "LambdaFunctionStartFailed"
    case lambdaFunctionSucceeded = "LambdaFunctionSucceeded"
    case lambdaFunctionTimedOut = "LambdaFunctionTimedOut"
    case mapIterationAborted = "MapIterationAborted"
    case mapIterationFailed = "MapIterationFailed"
    case mapIterationStarted = "MapIterationStarted"
    case mapIterationSucceeded = "MapIterationSucceeded"
    case mapRunAborted = "MapRunAborted"
    case mapRunFailed = "MapRunFailed"
    case mapRunRedriven = "MapRunRedriven"
    case mapRunStarted = "MapRunStarted"
    case mapRunSucceeded = "MapRunSucceeded"
    case mapStateAborted = "MapStateAborted"
    case mapStateEntered = "MapStateEntered"
    case mapStateExited = "MapStateExited"
    case mapStateFailed = "MapStateFailed"
    case mapStateStarted = "MapStateStarted"
    case mapStateSucceeded = "MapStateSucceeded"
    case parallelStateAborted = "ParallelStateAborted"
    case parallelStateEntered = "ParallelStateEntered"
    case parallelStateExited = "ParallelStateExited"
    case parallelStateFailed = "ParallelStateFailed"
    case parallelStateStarted = "ParallelStateStarted"
    case parallelStateSucceeded = "ParallelStateSucceeded"
    case passStateEntered = "PassStateEntered"
    case passStateExited = "PassStateExited"
    case succeedStateEntered = "SucceedStateEntered"
    case succeedStateExited = "SucceedStateExited"
    case taskFailed = "TaskFailed"
    case taskScheduled = "TaskScheduled"
    case taskStarted = "TaskStarted"
    case taskStartFailed = "TaskStartFailed"
    case taskStateAborted = "TaskStateAborted"
    case taskStateEntered = "TaskStateEntered"
    case taskStateExited = "TaskStateExited"
    case taskSubmitFailed = "TaskSubmitFailed"
    case taskSubmitted = "TaskSubmitted"
    case taskSucceeded = "TaskSucceeded"
    case taskTimedOut = "TaskTimedOut"
    case waitStateAborted = "WaitStateAborted"
    case waitStateEntered = "WaitStateEntered"
    case waitStateExited = "WaitStateExited"

    /// AWS's name, so that an interpolated type reads as in a history.
    public var description: String { rawValue }

    /// `…StateEntered`: one state transition.
    public var isStateEntered: Bool {
        switch self {
        case .choiceStateEntered, .failStateEntered, .mapStateEntered, .parallelStateEntered, .passStateEntered,
            .succeedStateEntered, .taskStateEntered, .waitStateEntered:
            return true
        default: return false
        }
    }

    /// `…StateExited`.
    public var isStateExited: Bool {
        switch self {
        case .choiceStateExited, .mapStateExited, .parallelStateExited, .passStateExited, .succeedStateExited,
            .taskStateExited, .waitStateExited:
            return true
        default: return false
        }
    }

    /// The event that ends an execution: succeeded, failed, aborted or timed out.
    public var endsExecution: Bool {
        switch self {
        case .executionSucceeded, .executionFailed, .executionAborted, .executionTimedOut: return true
        default: return false
        }
    }

    /// A failure or time-out inside an execution (a task, a state, an iteration, a map run, an evaluation),
    /// not the execution's own end.
    public var isStepFailure: Bool {
        switch self {
        case .activityFailed, .activityScheduleFailed, .activityTimedOut, .evaluationFailed, .lambdaFunctionFailed,
            .lambdaFunctionScheduleFailed, .lambdaFunctionStartFailed, .lambdaFunctionTimedOut, .mapIterationFailed,
            .mapRunFailed, .mapStateFailed, .parallelStateFailed, .taskFailed, .taskStartFailed, .taskSubmitFailed,
            .taskTimedOut:
            return true
        default: return false
        }
    }
}
