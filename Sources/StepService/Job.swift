import StepEngine
import StepJSON
import StepRuntime

/// One task handed to a worker: which execution it belongs to and what to call.
///
/// `Codable` as the queue's wire format: `{"executionId":…,"request":{…},"batch":…}` through `JSONValueEncoder`
/// and `JSONValueDecoder` (see `messageBody()`), which keep the request's JSON members as JSON values.
public struct Job: Sendable, Equatable, Codable {
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

    /// The job as a queue message's body: JSON text, its `request` as `TaskRequest` encodes itself, with `input`
    /// and `credentials` as JSON values.
    public func messageBody() throws -> [UInt8] { Array(try JSONValueEncoder().encode(self).serialized().utf8) }

    /// The job a queue message's body holds. Throws a `JSONParseError` for a body that is not JSON, a
    /// `DecodingError` for one that is not a job (`JSONValueDecoder.describe(_:)` says what is wrong).
    public init(messageBody: [UInt8]) throws {
        self = try JSONValueDecoder().decode(Job.self, from: JSON(parsing: messageBody))
    }
}

/// What a worker answers for a job.
///
/// `Codable` as the queue's wire format, through `JSONValueEncoder` and `JSONValueDecoder` (see `messageBody()`):
/// `executionId`, `taskId`, `batch` and `executionArn` when set, then `output`, `submitted`, or `error` with
/// `cause` (null when there is none).
public struct JobResult: Sendable, Equatable, Codable {
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

    private enum CodingKeys: String, CodingKey {
        case executionId, taskId, batch, executionArn, output, submitted, error, cause
    }

    /// Reads an answer: `error` (a string) makes a failure, else `output` a success, else `submitted`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        executionId = try c.decode(Int64.self, forKey: .executionId)
        taskId = try c.decode(Int.self, forKey: .taskId)
        batch = try c.decodeIfPresent(String.self, forKey: .batch)
        executionArn = try c.decodeIfPresent(String.self, forKey: .executionArn)
        if let error = try c.decodeIfPresent(String.self, forKey: .error) {
            outcome = .failure(error: error, cause: try c.decodeIfPresent(String.self, forKey: .cause))
        } else if c.contains(.output) {
            // Present, even as null: a task may answer null.
            outcome = .success(try c.decode(JSON.self, forKey: .output))
        } else if c.contains(.submitted) {
            outcome = .submitted(try c.decode(JSON.self, forKey: .submitted))
        } else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: c.codingPath, debugDescription: "A job result needs an output, submitted or error member."))
        }
    }

    /// Writes the answer with the members in the order the type's documentation gives.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(executionId, forKey: .executionId)
        try c.encode(taskId, forKey: .taskId)
        try c.encodeIfPresent(batch, forKey: .batch)
        try c.encodeIfPresent(executionArn, forKey: .executionArn)
        switch outcome {
        case .success(let output): try c.encode(output, forKey: .output)
        case .submitted(let output): try c.encode(output, forKey: .submitted)
        case .failure(let error, let cause):
            try c.encode(error, forKey: .error)
            if let cause { try c.encode(cause, forKey: .cause) } else { try c.encodeNil(forKey: .cause) }
        }
    }

    /// The answer as a queue message's body: JSON text, with the output as a JSON value.
    public func messageBody() throws -> [UInt8] { Array(try JSONValueEncoder().encode(self).serialized().utf8) }

    /// The answer a queue message's body holds. Throws a `JSONParseError` for a body that is not JSON, a
    /// `DecodingError` for one that is not an answer (`JSONValueDecoder.describe(_:)` says what is wrong).
    public init(messageBody: [UInt8]) throws {
        self = try JSONValueDecoder().decode(JobResult.self, from: JSON(parsing: messageBody))
    }
}

/// Where tasks go when they are not run in the service's own process: a job queue that workers read.
/// The answers come back through `DurableService.deliver(_:)`.
public protocol TaskDispatcher: Sendable {
    func dispatch(_ job: Job) async
}
