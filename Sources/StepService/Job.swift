import StepEngine
import StepJSON
import StepRuntime

/// One task handed to a worker: which execution it belongs to and what to call.
public struct Job: Sendable, Equatable {
    public var executionId: Int64
    public var request: TaskRequest
    /// For a batch of a Distributed Map's children: the id its answer is awaited under.
    public var batch: String?

    public init(executionId: Int64, request: TaskRequest, batch: String? = nil) {
        self.executionId = executionId
        self.request = request
        self.batch = batch
    }

    /// Unique per task of an execution (or per map-run batch): a result applied twice changes nothing twice.
    public var id: String { batch.map { "batch:\($0)" } ?? "\(executionId):\(request.id)" }

    /// The job as a message body.
    public var json: JSON {
        var r = JSONObject(minimumCapacity: 9)
        r["id"] = .int(request.id)
        r["resource"] = .string(request.resource)
        r["input"] = request.input
        r["stateName"] = .string(request.stateName)
        r["executionArn"] = .string(request.executionArn)
        if let t = request.timeoutSeconds { r["timeoutSeconds"] = .int(t) }
        if let h = request.heartbeatSeconds { r["heartbeatSeconds"] = .int(h) }
        if let token = request.taskToken { r["taskToken"] = .string(token) }
        if let c = request.credentials { r["credentials"] = c }
        var o: JSONObject = ["executionId": .int(Int(executionId)), "request": .object(r)]
        if let batch { o["batch"] = .string(batch) }
        return .object(o)
    }

    public init?(json: JSON) {
        guard let e = json["executionId"]?.intValue, let r = json["request"], let id = r["id"]?.intValue,
            let resource = r["resource"]?.stringValue, let input = r["input"], let stateName = r["stateName"]?.stringValue,
            let arn = r["executionArn"]?.stringValue
        else { return nil }
        executionId = Int64(e)
        request = TaskRequest(
            id: id, resource: resource, input: input, stateName: stateName, timeoutSeconds: r["timeoutSeconds"]?.intValue,
            heartbeatSeconds: r["heartbeatSeconds"]?.intValue, taskToken: r["taskToken"]?.stringValue,
            credentials: r["credentials"], executionArn: arn)
        batch = json["batch"]?.stringValue
    }
}

/// What a worker answers for a job.
public struct JobResult: Sendable, Equatable {
    public var executionId: Int64
    public var taskId: Int
    public var outcome: TaskOutcome
    /// The job's `batch`, echoed: such answers go to the map run that awaits them, not to the engine.
    public var batch: String?
    /// The job's execution ARN, echoed: row ids repeat across databases, so a job left on a queue by another
    /// service (or an earlier database) is recognised as not this one's.
    public var executionArn: String?

    public init(executionId: Int64, taskId: Int, outcome: TaskOutcome, batch: String? = nil, executionArn: String? = nil) {
        self.executionId = executionId
        self.taskId = taskId
        self.outcome = outcome
        self.batch = batch
        self.executionArn = executionArn
    }

    public var json: JSON {
        var o = JSONObject(minimumCapacity: 4)
        o["executionId"] = .int(Int(executionId))
        o["taskId"] = .int(taskId)
        if let batch { o["batch"] = .string(batch) }
        if let executionArn { o["executionArn"] = .string(executionArn) }
        switch outcome {
        case .success(let output): o["output"] = output
        case .submitted(let output): o["submitted"] = output
        case .failure(let error, let cause):
            o["error"] = .string(error)
            o["cause"] = cause.map(JSON.string) ?? .null
        }
        return .object(o)
    }

    public init?(json: JSON) {
        guard let e = json["executionId"]?.intValue, let t = json["taskId"]?.intValue else { return nil }
        executionId = Int64(e)
        taskId = t
        batch = json["batch"]?.stringValue
        executionArn = json["executionArn"]?.stringValue
        if let error = json["error"]?.stringValue {
            outcome = .failure(error: error, cause: json["cause"]?.stringValue)
        } else if let output = json["output"] {
            outcome = .success(output)
        } else if let output = json["submitted"] {
            outcome = .submitted(output)
        } else {
            return nil
        }
    }
}

/// Where tasks go when they are not run in the service's own process: a job queue that workers read.
/// The answers come back through `DurableService.deliver(_:)`.
public protocol TaskDispatcher: Sendable {
    func dispatch(_ job: Job) async
}
