import StepEngine
import StepJSON
import StepLanguage

/// A registered state machine: its latest definition and type.
public struct StateMachineRecord: Sendable, Equatable {
    public var name: String
    public var arn: String
    public var type: StateMachineType
    public var definition: String
    public var created: Timestamp
    public var updated: Timestamp
    public var revision: Int
    /// Express executions keep their history only when this is `ALL` (or `ERROR` for failures).
    public var loggingLevel: String
    /// The role given at creation (Stepline assumes no role; it is kept to be described).
    public var roleArn: String?

    public init(
        name: String, arn: String, type: StateMachineType, definition: String, created: Timestamp, updated: Timestamp,
        revision: Int, loggingLevel: String = "OFF", roleArn: String? = nil
    ) {
        self.roleArn = roleArn
        self.name = name
        self.arn = arn
        self.type = type
        self.definition = definition
        self.created = created
        self.updated = updated
        self.revision = revision
        self.loggingLevel = loggingLevel
    }

    /// An update (`UpdateStateMachine`, or `CreateStateMachine` of an existing name): a new revision when the
    /// definition, type or logging level changed, and `false` (the record unchanged) when none did. Every store
    /// adapter revises a state machine this way.
    public mutating func revise(definition: String, type: StateMachineType, loggingLevel: String, now: Timestamp) -> Bool {
        guard self.definition != definition || self.type != type || self.loggingLevel != loggingLevel else { return false }
        revision += 1
        self.definition = definition
        self.type = type
        self.loggingLevel = loggingLevel
        updated = now
        return true
    }
}

/// An immutable, numbered version of a state machine (`PublishStateMachineVersion`).
public struct VersionRecord: Sendable, Equatable {
    public var stateMachine: String
    public var version: Int
    public var arn: String
    public var definition: String
    public var description: String?
    public var created: Timestamp

    public init(stateMachine: String, version: Int, arn: String, definition: String, description: String? = nil, created: Timestamp) {
        self.stateMachine = stateMachine
        self.version = version
        self.arn = arn
        self.definition = definition
        self.description = description
        self.created = created
    }
}

/// An alias routing starts between one or two versions by weight.
public struct AliasRecord: Sendable, Equatable {
    public var stateMachine: String
    public var name: String
    public var arn: String
    public var routing: [Route]
    public var description: String?
    public var created: Timestamp

    /// One entry of an alias's routing configuration.
    public struct Route: Sendable, Equatable {
        public var version: Int
        public var weight: Int
        public init(version: Int, weight: Int) {
            self.version = version
            self.weight = weight
        }
    }

    public init(stateMachine: String, name: String, arn: String, routing: [Route], description: String? = nil, created: Timestamp) {
        self.stateMachine = stateMachine
        self.name = name
        self.arn = arn
        self.routing = routing
        self.description = description
        self.created = created
    }
}

/// An execution that a commit has just ended: its row id and final state.
public struct FinishedExecution: Sendable {
    public var id: Int64
    public var state: ExecutionState

    public init(id: Int64, state: ExecutionState) {
        self.id = id
        self.state = state
    }
}

/// One execution as DescribeExecution shows it.
public struct ExecutionRecord: Sendable, Equatable {
    public var id: Int64
    public var arn: String
    public var name: String
    public var stateMachine: String
    public var stateMachineArn: String
    public var version: Int?
    public var type: StateMachineType
    public var status: ExecutionStatus
    public var input: String
    public var output: String?
    public var error: String?
    public var cause: String?
    public var startDate: Timestamp
    public var stopDate: Timestamp?
    public var redriveCount: Int
    /// The alias the execution was started through, if any.
    public var alias: String?

    /// DescribeExecution's JSON.
    public var json: JSON {
        var o = JSONObject(minimumCapacity: 12)
        o["executionArn"] = .string(arn)
        o["stateMachineArn"] = .string(stateMachineArn)
        o["name"] = .string(name)
        o["status"] = .string(status.rawValue)
        o["startDate"] = .string(startDate.iso8601)
        if let stopDate { o["stopDate"] = .string(stopDate.iso8601) }
        o["input"] = .string(input)
        o["inputDetails"] = .object(["included": true])
        if let output {
            o["output"] = .string(output)
            o["outputDetails"] = .object(["included": true])
        }
        if let error { o["error"] = .string(error) }
        if let cause { o["cause"] = .string(cause) }
        if let version { o["stateMachineVersionArn"] = .string("\(stateMachineArn):\(version)") }
        if let alias { o["stateMachineAliasArn"] = .string("\(stateMachineArn):\(alias)") }
        o["redriveCount"] = .int(redriveCount)
        if type == .standard {
            switch status {
            case .failed, .timedOut, .aborted:
                o["redriveStatus"] = "REDRIVABLE"
            default:
                o["redriveStatus"] = "NOT_REDRIVABLE"
                o["redriveStatusReason"] = .string("Execution is \(status.rawValue) and cannot be redriven")
            }
        }
        return .object(o)
    }

    public init(
        id: Int64, arn: String, name: String, stateMachine: String, stateMachineArn: String, version: Int? = nil, type: StateMachineType,
        status: ExecutionStatus, input: String, output: String? = nil, error: String? = nil, cause: String? = nil, startDate: Timestamp,
        stopDate: Timestamp? = nil, redriveCount: Int, alias: String? = nil
    ) {
        self.alias = alias
        self.id = id
        self.arn = arn
        self.name = name
        self.stateMachine = stateMachine
        self.stateMachineArn = stateMachineArn
        self.version = version
        self.type = type
        self.status = status
        self.input = input
        self.output = output
        self.error = error
        self.cause = cause
        self.startDate = startDate
        self.stopDate = stopDate
        self.redriveCount = redriveCount
    }
}

/// An execution to create.
public struct NewExecution: Sendable {
    public var arn: String
    public var name: String
    public var stateMachine: String
    public var stateMachineArn: String
    public var version: Int?
    public var type: StateMachineType
    public var input: String
    public var startDate: Timestamp
    /// The alias it is started through, if any.
    public var alias: String?

    public init(
        arn: String, name: String, stateMachine: String, stateMachineArn: String, version: Int?, type: StateMachineType,
        input: String, startDate: Timestamp, alias: String? = nil
    ) {
        self.alias = alias
        self.arn = arn
        self.name = name
        self.stateMachine = stateMachine
        self.stateMachineArn = stateMachineArn
        self.version = version
        self.type = type
        self.input = input
        self.startDate = startDate
    }
}

/// A durable timer: fire `timer` of `execution` at `due`.
public struct TimerRecord: Sendable, Equatable {
    public var executionId: Int64
    public var timer: Int
    public var due: Timestamp

    public init(executionId: Int64, timer: Int, due: Timestamp) {
        self.executionId = executionId
        self.timer = timer
        self.due = due
    }
}

/// A task started and not yet answered: run again after a restart (at least once, as AWS documents).
public struct PendingTaskRecord: Sendable, Equatable {
    public var executionId: Int64
    public var request: TaskRequest

    public init(executionId: Int64, request: TaskRequest) {
        self.executionId = executionId
        self.request = request
    }
}

/// A request from a client process to the service: stop or redrive an execution, or a task callback.
public struct ControlRequest: Sendable, Equatable {
    public enum Kind: String, Sendable { case stop, redrive, taskSuccess, taskFailure, taskHeartbeat, taskStarted }
    public var id: Int64
    public var executionId: Int64
    public var kind: Kind
    public var error: String?
    public var cause: String?
    /// For task callbacks: the task and (on success) its output as JSON text.
    public var task: Int?
    public var output: String?
    /// For `taskStarted`: the name the activity worker gave (`ActivityStarted`'s `workerName`).
    public var workerName: String?

    public init(
        id: Int64, executionId: Int64, kind: Kind, error: String? = nil, cause: String? = nil, task: Int? = nil,
        output: String? = nil, workerName: String? = nil
    ) {
        self.workerName = workerName
        self.id = id
        self.executionId = executionId
        self.kind = kind
        self.error = error
        self.cause = cause
        self.task = task
        self.output = output
    }
}

/// How much the store holds right now, for `/status` and the metrics' gauges.
public struct OperationalCounts: Sendable, Equatable {
    public var executionsByStatus: [String: Int] = [:]
    public var timersPending = 0
    public var tasksPending = 0

    public init() {}
}
