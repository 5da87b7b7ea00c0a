/// Runs one Lambda-shaped function: takes the event's raw JSON text, answers with the raw payload the
/// function returned or the error document it raised, as the Lambda Invoke API does.
public protocol LambdaHandler: Sendable {
    func invoke(_ invocation: LambdaInvocation) async -> LambdaResult
    /// Stops any processes the handler keeps; later invocations start new ones.
    func shutdown() async
}

/// One call of a function.
public struct LambdaInvocation: Sendable {
    /// The request id (`context.aws_request_id`).
    public var requestId: String
    /// The event, as JSON text.
    public var payload: String
    /// The ARN the function was invoked by (`context.invoked_function_arn`).
    public var functionArn: String
    /// Seconds the call may take before it is killed (`context.get_remaining_time_in_millis()` counts down from it).
    public var timeoutSeconds: Double
    /// The decoded `ClientContext`, if the caller sent one.
    public var clientContext: String?
    /// Whether to keep the call's log lines (`LogType: Tail`).
    public var captureLog: Bool

    public init(
        requestId: String, payload: String, functionArn: String, timeoutSeconds: Double,
        clientContext: String? = nil, captureLog: Bool = false
    ) {
        self.requestId = requestId
        self.payload = payload
        self.functionArn = functionArn
        self.timeoutSeconds = timeoutSeconds
        self.clientContext = clientContext
        self.captureLog = captureLog
    }
}

/// What a function answered.
public struct LambdaResult: Sendable, Equatable {
    /// The response body: the function's result as JSON text, or the error document.
    public var payload: String
    /// `nil` on success; `Unhandled` (Lambda's `X-Amz-Function-Error`) when the payload is an error document.
    public var functionError: String?
    /// The call's log output when it was asked for.
    public var log: String?
    /// How long the call took, in milliseconds.
    public var durationMilliseconds: Double
    /// The worker process that ran the call, when there is one (for tests and diagnostics).
    public var processId: Int32?

    public init(
        payload: String, functionError: String? = nil, log: String? = nil, durationMilliseconds: Double = 0,
        processId: Int32? = nil
    ) {
        self.payload = payload
        self.functionError = functionError
        self.log = log
        self.durationMilliseconds = durationMilliseconds
        self.processId = processId
    }

    public var isError: Bool { functionError != nil }
}
