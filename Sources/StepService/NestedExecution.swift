import StepEngine
import StepJSON
import StepLanguage
import StepRuntime

/// A Task state that starts another execution: `arn:aws:states:::states:startExecution` with its
/// integration pattern, or the SDK form `arn:aws:states:::aws-sdk:sfn:startExecution`.
struct NestedExecution: Sendable {
    enum Pattern: Sendable {
        case requestResponse
        /// `.sync`: wait for the child; its input and output come back as JSON text.
        case sync
        /// `.sync:2`: wait for the child; its input and output come back as JSON.
        case sync2
        case waitForTaskToken
    }

    var pattern: Pattern
    /// The SDK form names its errors `Sfn.…` and its dates as text.
    var sdk: Bool
    var stateMachine: String
    var input: String
    var name: String?

    static let prefix = "arn:aws:states:::states:startExecution"
    static let sdkResource = "arn:aws:states:::aws-sdk:sfn:startExecution"

    static func handles(_ resource: String) -> Bool {
        resource.hasPrefix(prefix) || resource == sdkResource
    }

    /// Reads the task's parameters, or the error AWS gives for them.
    init(_ request: TaskRequest) throws(StatesError) {
        sdk = request.resource == Self.sdkResource
        switch request.resource.dropFirst(Self.prefix.count) {
        case ".sync": pattern = .sync
        case ".sync:2": pattern = .sync2
        case ".waitForTaskToken": pattern = .waitForTaskToken
        default: pattern = .requestResponse
        }
        let p = request.input
        guard let arn = p["StateMachineArn"]?.stringValue else {
            throw StatesError(
                sdk ? "Sfn.SfnException" : "StepFunctions.InvalidArnException",
                cause: "The StateMachineArn parameter is required")
        }
        stateMachine = arn
        switch p["Input"] {
        case nil, .null?: input = "{}"
        case .string(let s)?:
            guard (try? JSON(parsing: s)) != nil else {
                throw StatesError(
                    sdk ? "Sfn.InvalidExecutionInputException" : "StepFunctions.InvalidExecutionInputException",
                    cause: "Invalid State Machine Execution Input: the Input is not JSON")
            }
            input = s
        case let v?: input = v.serialized()
        }
        name = p["Name"]?.stringValue
    }

    /// The error name for a refused `StartExecution`.
    func errorName(_ code: StoreError.Code) -> String {
        let base: String
        switch code {
        case .stateMachineDoesNotExist: base = "StateMachineDoesNotExistException"
        case .executionAlreadyExists: base = "ExecutionAlreadyExistsException"
        case .invalidExecutionInput: base = "InvalidExecutionInputException"
        case .invalidArn: base = "InvalidArnException"
        default: base = "SfnException"
        }
        return (sdk ? "Sfn." : "StepFunctions.") + base
    }

    func date(_ t: Timestamp) -> JSON { sdk ? .string(t.iso8601) : .int(t.epochMilliseconds) }

    /// `StartExecution`'s answer.
    func started(_ record: ExecutionRecord) -> JSON {
        .object(["ExecutionArn": .string(record.arn), "StartDate": date(record.startDate)])
    }

    /// `DescribeExecution`'s answer for an ended child, as `.sync` (text) or `.sync:2` (JSON) returns it.
    func described(_ state: ExecutionState) -> JSON {
        var o = JSONObject(minimumCapacity: 14)
        o["ExecutionArn"] = .string(state.info.executionArn)
        o["Input"] = pattern == .sync2 ? state.info.input : .string(state.info.input.serialized())
        o["InputDetails"] = .object(["Included": .bool(true)])
        o["Name"] = .string(state.info.name)
        if let output = state.output {
            o["Output"] = pattern == .sync2 ? output : .string(output.serialized())
            o["OutputDetails"] = .object(["Included": .bool(true)])
        }
        if let e = state.error { o["Error"] = .string(e) }
        if let c = state.cause { o["Cause"] = .string(c) }
        o["RedriveCount"] = .int(state.info.redriveCount)
        o["StartDate"] = date(state.info.startTime)
        o["StateMachineArn"] = .string(state.info.stateMachineArn)
        o["Status"] = .string(state.status.rawValue)
        if let stop = state.stopTime { o["StopDate"] = date(stop) }
        return .object(o)
    }

    /// How a `.sync` task ends with its child: the description, or `States.TaskFailed` carrying it.
    func outcome(_ state: ExecutionState) -> TaskOutcome {
        let d = described(state)
        if state.status == .succeeded { return .success(d) }
        return .failure(error: StatesErrorName.taskFailed, cause: d.serialized())
    }

    /// A stable name for a child the definition does not name, so that a task run again after a
    /// restart finds the child it started before.
    static func childName(parent: String, task: Int) -> String { StableName.uuid("\(parent)#\(task)") }
}
