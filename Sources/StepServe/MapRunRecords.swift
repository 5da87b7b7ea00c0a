import CoreMetrics
import StepMapRun
import StepService
import Synchronization

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
