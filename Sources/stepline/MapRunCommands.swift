import CoreMetrics
import Synchronization
import ArgumentParser
import StepJSON
import StepMapRun
import StepService

/// `stepline describe-map-run`: a Distributed Map run's status and item counts, as DescribeMapRun gives them.
struct DescribeMapRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe-map-run", abstract: "Describe a Distributed Map run, as DescribeMapRun does.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("map-run-arn"), help: "The map run's ARN (from the MapRunStarted event).")
    var mapRunArn: String

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            guard let r = try storeCall({ () throws(StoreError) in try s.mapRun(arn: mapRunArn) }) else {
                throw RequestFailure(StoreError(.resourceNotFound, "Map Run Does Not Exist: '\(mapRunArn)'"))
            }
            print(r.description.prettySerialized())
        }
    }
}

/// `stepline list-map-runs`: the map runs an execution started, as ListMapRuns gives them.
struct ListMapRunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-map-runs", abstract: "List the Distributed Map runs of an execution, as ListMapRuns does.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("execution-arn"), help: "The execution's ARN (or name).")
    var executionArn: String

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            let arn = try storeCall({ () throws(StoreError) in try s.execution(reference: executionArn) })?.arn ?? executionArn
            let runs = try storeCall { () throws(StoreError) in try s.mapRuns(executionArn: arn) }
            print(JSON.object(["mapRuns": .array(runs.map(\.listEntry))]).prettySerialized())
        }
    }
}

/// Keeps the store's map-run records up to date from a coordinator's progress reports.
enum MapRunRecords {
    /// `stepline_map_run_items_total{outcome}`: items processed, counted from the runs' progress.
    static let succeededItems = Counter(label: "stepline_map_run_items_total", dimensions: [("outcome", "succeeded")])
    static let failedItems = Counter(label: "stepline_map_run_items_total", dimensions: [("outcome", "failed")])
    static let counted = Mutex<[String: (succeeded: Int, failed: Int)]>([:])

    static func count(_ p: MapRunProgress) {
        let (s, f) = counted.withLock { seen -> (Int, Int) in
            let before = seen[p.mapRunArn] ?? (0, 0)
            if p.stopDate != nil { seen[p.mapRunArn] = nil } else { seen[p.mapRunArn] = (p.succeeded, p.failed) }
            return (max(0, p.succeeded - before.succeeded), max(0, p.failed - before.failed))
        }
        if s > 0 { succeededItems.increment(by: s) }
        if f > 0 { failedItems.increment(by: f) }
    }

    static func observer(_ worker: StoreWorker) -> @Sendable (MapRunProgress) async -> Void {
        { p in
            count(p)
            let record = MapRunRecord(
                arn: p.mapRunArn, executionArn: p.executionArn, status: p.status, startDate: p.startDate,
                stopDate: p.stopDate, description: p.json)
            try? await worker.run { (s) throws(StoreError) in try s.saveMapRun(record) }
        }
    }
}
