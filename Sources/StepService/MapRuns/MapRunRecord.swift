import StepEngine
import StepJSON
import StepLanguage

/// A Distributed Map's map run as stored: its ARN, its parent execution, its status and the whole
/// `DescribeMapRun` answer (counts included), updated as the run progresses.
public struct MapRunRecord: Sendable, Equatable {
    public var arn: String
    public var executionArn: String
    /// `RUNNING`, `SUCCEEDED`, `FAILED` or `ABORTED`.
    public var status: String
    public var startDate: Timestamp
    public var stopDate: Timestamp?
    public var description: JSON

    public init(arn: String, executionArn: String, status: String, startDate: Timestamp, stopDate: Timestamp?, description: JSON) {
        self.arn = arn
        self.executionArn = executionArn
        self.status = status
        self.startDate = startDate
        self.stopDate = stopDate
        self.description = description
    }

    /// The state machine of the run's children: `…:stateMachine:MACHINE/LABEL`.
    public var stateMachineArn: String {
        guard var machine = ARN(parsing: arn) else { return arn }
        let c = machine.resourceComponents
        machine.resource = (["stateMachine"] + (c.count > 1 ? Array(c.dropLast()) : c)).joined(separator: ":")
        return machine.description
    }

    /// One entry of `ListMapRuns`.
    public var listEntry: JSON {
        var o = JSONObject(minimumCapacity: 5)
        o["executionArn"] = .string(executionArn)
        o["mapRunArn"] = .string(arn)
        o["stateMachineArn"] = .string(stateMachineArn)
        o["startDate"] = .string(startDate.iso8601)
        if let stopDate { o["stopDate"] = .string(stopDate.iso8601) }
        return .object(o)
    }
}

/// The store's map runs: written by the daemon's map-run coordinators, read by `describe-map-run`.
public protocol MapRunStore: AnyObject {
    /// Inserts or replaces the record of a map run.
    func saveMapRun(_ record: MapRunRecord) throws(StoreError)
    func mapRun(arn: String) throws(StoreError) -> MapRunRecord?
    /// The map runs of one execution, oldest first.
    func mapRuns(executionArn: String) throws(StoreError) -> [MapRunRecord]
    /// Records that an execution is a child of a map run.
    func setMapRun(executionId: Int64, mapRunArn: String) throws(StoreError)
    /// The child executions of a map run, newest first (ListExecutions with `mapRunArn`).
    func mapRunExecutions(mapRunArn: String, status: ExecutionStatus?, limit: Int) throws(StoreError) -> [ExecutionRecord]
}
