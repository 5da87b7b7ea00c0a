import StepJSON

/// A runtime error with an AWS error name (`States.TaskFailed`, `States.Runtime`, a task's own error) and its cause.
public struct StatesError: Error, Sendable, Equatable {
    public var error: String
    public var cause: String?

    public init(_ error: String, cause: String?) {
        self.error = error
        self.cause = cause
    }

    public static func runtime(_ cause: String) -> StatesError { StatesError(StatesErrorName.runtime, cause: cause) }
    public static func intrinsicFailure(_ cause: String) -> StatesError {
        StatesError(StatesErrorName.intrinsicFailure, cause: cause)
    }

    /// `{"Error", "Cause"}` as a Catch (or a failed Map iteration) hands the error on. A timeout has no
    /// cause, and AWS hands it on as an empty one.
    public var output: JSONObject {
        var o = JSONObject(minimumCapacity: 2)
        o["Error"] = .string(error)
        if let cause {
            o["Cause"] = .string(cause)
        } else if error == StatesErrorName.timeout || error == StatesErrorName.heartbeatTimeout {
            o["Cause"] = ""
        }
        return o
    }
}

/// The predefined error names of the Amazon States Language.
public enum StatesErrorName {
    public static let all = "States.ALL"
    public static let heartbeatTimeout = "States.HeartbeatTimeout"
    public static let timeout = "States.Timeout"
    public static let taskFailed = "States.TaskFailed"
    public static let permissions = "States.Permissions"
    public static let resultPathMatchFailure = "States.ResultPathMatchFailure"
    public static let parameterPathFailure = "States.ParameterPathFailure"
    public static let queryEvaluationError = "States.QueryEvaluationError"
    public static let branchFailed = "States.BranchFailed"
    public static let noChoiceMatched = "States.NoChoiceMatched"
    public static let intrinsicFailure = "States.IntrinsicFailure"
    public static let exceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold"
    public static let itemReaderFailed = "States.ItemReaderFailed"
    public static let resultWriterFailed = "States.ResultWriterFailed"
    public static let runtime = "States.Runtime"
    public static let dataLimitExceeded = "States.DataLimitExceeded"
}
