import StepJSON
import StepLanguage

/// A map run's counts and status, as `DescribeMapRun` reports them.
public struct MapRunProgress: Sendable, Equatable {
    public var mapRunArn: String
    public var executionArn: String
    /// `RUNNING`, `SUCCEEDED`, `FAILED` or `ABORTED`.
    public var status = "RUNNING"
    public var startDate: Timestamp
    public var stopDate: Timestamp?
    public var maxConcurrency: Int
    public var toleratedFailureCount: Int
    public var toleratedFailurePercentage: Double
    /// Items (or batches, for `executionCounts`) by state.
    public var pending = 0
    public var running = 0
    public var succeeded = 0
    public var failed = 0
    public var aborted = 0
    public var resultsWritten = 0
    /// Child executions (one per item, or one per `ItemBatcher` batch).
    public var executionsRunning = 0
    public var executionsSucceeded = 0
    public var executionsFailed = 0

    public init(
        mapRunArn: String, executionArn: String, startDate: Timestamp, maxConcurrency: Int, toleratedFailureCount: Int,
        toleratedFailurePercentage: Double
    ) {
        self.mapRunArn = mapRunArn
        self.executionArn = executionArn
        self.startDate = startDate
        self.maxConcurrency = maxConcurrency
        self.toleratedFailureCount = toleratedFailureCount
        self.toleratedFailurePercentage = toleratedFailurePercentage
    }

    public var total: Int { pending + running + succeeded + failed + aborted }

    /// `DescribeMapRun`'s answer.
    public var json: JSON {
        var items = JSONObject(minimumCapacity: 10)
        items["pending"] = .int(pending)
        items["running"] = .int(running)
        items["succeeded"] = .int(succeeded)
        items["failed"] = .int(failed)
        items["timedOut"] = .int(0)
        items["aborted"] = .int(aborted)
        items["total"] = .int(total)
        items["resultsWritten"] = .int(resultsWritten)
        items["failuresNotRedrivable"] = .int(0)
        items["pendingRedrive"] = .int(0)
        var executions = JSONObject(minimumCapacity: 10)
        executions["pending"] = .int(0)
        executions["running"] = .int(executionsRunning)
        executions["succeeded"] = .int(executionsSucceeded)
        executions["failed"] = .int(executionsFailed)
        executions["timedOut"] = .int(0)
        executions["aborted"] = .int(0)
        executions["total"] = .int(executionsRunning + executionsSucceeded + executionsFailed)
        executions["resultsWritten"] = .int(resultsWritten)
        executions["failuresNotRedrivable"] = .int(0)
        executions["pendingRedrive"] = .int(0)
        var o = JSONObject(minimumCapacity: 12)
        o["mapRunArn"] = .string(mapRunArn)
        o["executionArn"] = .string(executionArn)
        o["status"] = .string(status)
        o["startDate"] = .string(startDate.iso8601)
        if let stopDate { o["stopDate"] = .string(stopDate.iso8601) }
        o["maxConcurrency"] = .int(maxConcurrency)
        o["toleratedFailurePercentage"] = .double(toleratedFailurePercentage)
        o["toleratedFailureCount"] = .int(toleratedFailureCount)
        o["itemCounts"] = .object(items)
        o["executionCounts"] = .object(executions)
        o["redriveCount"] = .int(0)
        return .object(o)
    }
}
