import StepJSON
import StepLanguage

/// The fixed facts of one execution: its names, input and start time, as the context object shows them.
public struct ExecutionInfo: Sendable, Codable {
    public var executionArn: String
    public var name: String
    public var stateMachineArn: String
    public var stateMachineName: String
    public var roleArn: String
    public var input: JSON
    public var startTime: Timestamp
    public var redriveCount: Int
    public var type: StateMachineType
    /// An Express execution started with StartExecution (not StartSyncExecution): its context object
    /// shows `RedriveCount`, as AWS's does.
    public var startedAsynchronously: Bool?

    public init(
        executionArn: String, name: String, stateMachineArn: String, stateMachineName: String,
        roleArn: String = "arn:aws:iam::111111111111:role/stepline", input: JSON, startTime: Timestamp,
        redriveCount: Int = 0, type: StateMachineType = .standard
    ) {
        self.executionArn = executionArn
        self.name = name
        self.stateMachineArn = stateMachineArn
        self.stateMachineName = stateMachineName
        self.roleArn = roleArn
        self.input = input
        self.startTime = startTime
        self.redriveCount = redriveCount
        self.type = type
    }

    /// ARNs in AWS's shape for a state machine named `stateMachineName` and an execution named `name`.
    public static func local(
        stateMachineName: String, executionName: String, input: JSON, startTime: Timestamp, type: StateMachineType = .standard,
        region: String = "us-east-1", account: String = "111111111111"
    ) -> ExecutionInfo {
        // Express executions run synchronously get AWS's three-part id: machine, name, and a run id.
        let arn =
            type == .express
            ? ARN.expressExecution(
                stateMachine: stateMachineName, name: executionName, runId: Self.runId(executionName), region: region, account: account)
            : ARN.execution(stateMachine: stateMachineName, name: executionName, region: region, account: account)
        return ExecutionInfo(
            executionArn: arn.description,
            name: executionName,
            stateMachineArn: ARN.stateMachine(name: stateMachineName, region: region, account: account).description,
            stateMachineName: stateMachineName, roleArn: "arn:aws:iam::\(account):role/stepline", input: input,
            startTime: startTime, type: type)
    }
}

extension ExecutionInfo {
    /// A stable run id derived from the name, shaped like a UUID.
    static func runId(_ name: String) -> String { StableName.uuid(name) }
}

/// Where an execution stands.
public enum ExecutionStatus: String, Sendable, Codable {
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case aborted = "ABORTED"
    case pendingRedrive = "PENDING_REDRIVE"
}
