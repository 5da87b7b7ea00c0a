import StepEngine
import StepJSON
import StepLanguage
import StepRuntime

/// Carries out one map run: streams the items, selects and batches them, has the children run in
/// batches through a `MapBatchExecutor` with no more than `MaxConcurrency` children at once, counts
/// failures against the tolerated threshold, and gathers (or exports) the results.
public struct MapRunCoordinator: Sendable {
    public let request: MapRunRequest
    let buckets: Buckets
    let executor: any MapBatchExecutor
    /// The most children sent in one batch job.
    let jobSize: Int
    let observer: (@Sendable (MapRunProgress) async -> Void)?

    /// AWS's concurrency when `MaxConcurrency` is 0.
    public static let defaultConcurrency = 10_000

    public init(
        request: MapRunRequest, buckets: Buckets, executor: any MapBatchExecutor, jobSize: Int = 400,
        observer: (@Sendable (MapRunProgress) async -> Void)? = nil
    ) {
        self.request = request
        self.buckets = buckets
        self.executor = executor
        self.jobSize = max(1, jobSize)
        self.observer = observer
    }

    /// Runs the map run to its end: the Map state's result, or the map run's error.
    public func run() async -> Result<JSON, MapRunFailure> {
        var progress = MapRunProgress(
            mapRunArn: request.mapRunArn, executionArn: request.executionArn, startDate: WallClock.now(),
            maxConcurrency: request.maxConcurrency, toleratedFailureCount: request.toleratedFailureCount ?? 0,
            toleratedFailurePercentage: request.toleratedFailurePercentage ?? 0)
        await observer?(progress)
        let outcome = await execute(&progress)
        progress.stopDate = WallClock.now()
        switch outcome {
        case .success: progress.status = "SUCCEEDED"
        case .failure: progress.status = Task.isCancelled ? "ABORTED" : "FAILED"
        }
        progress.aborted += progress.running
        progress.running = 0
        progress.executionsRunning = 0
        await observer?(progress)
        return outcome
    }

    func execute(_ progress: inout MapRunProgress) async -> Result<JSON, MapRunFailure> {
        let inputs: ChildInputs
        let collector: ResultCollector
        do throws(MapRunFailure) {
            inputs = try ChildInputs(request, source: try ItemSources.open(request, buckets: buckets))
            collector = try ResultCollector(request, buckets: buckets)
        } catch {
            return .failure(error)
        }
        let limit = request.maxConcurrency > 0 ? request.maxConcurrency : Self.defaultConcurrency
        let chunk = max(1, min(jobSize, limit / 2))
        let definition = request.childDefinition
        let executor = self.executor
        var failure: MapRunFailure?
        var failedItems = 0
        var running = 0
        var lastReport = WallClock.now().epochMilliseconds
        await withTaskGroup(of: (MapBatch, Result<[ChildResult], MapRunFailure>).self) { group in
            var inFlight = 0
            while true {
                while failure == nil, !Task.isCancelled, running < limit, !inputs.done {
                    var children: [MapBatch.Child] = []
                    let room = min(chunk, limit - running)
                    do throws(MapRunFailure) {
                        while children.count < room, let c = try inputs.next() { children.append(c) }
                    } catch {
                        failure = error
                        break
                    }
                    if children.isEmpty { break }
                    running += children.count
                    progress.running += children.reduce(0) { $0 + $1.itemCount }
                    progress.executionsRunning += children.count
                    let batch = MapBatch(
                        mapRunArn: request.mapRunArn, executionType: request.executionType, definition: definition,
                        children: children)
                    inFlight += 1
                    group.addTask { (batch, await executor.run(batch)) }
                }
                guard inFlight > 0, let (batch, result) = await group.next() else { break }
                inFlight -= 1
                running -= batch.children.count
                let items = batch.children.reduce(0) { $0 + $1.itemCount }
                progress.running -= items
                progress.executionsRunning -= batch.children.count
                switch result {
                case .failure(let f):
                    failure = failure ?? f
                    progress.failed += items
                case .success(let list):
                    var inputsByIndex: [Int: MapBatch.Child] = [:]
                    for c in batch.children { inputsByIndex[c.index] = c }
                    for r in list {
                        guard let child = inputsByIndex[r.index] else { continue }
                        if r.succeeded {
                            progress.succeeded += child.itemCount
                            progress.executionsSucceeded += 1
                        } else {
                            progress.failed += child.itemCount
                            progress.executionsFailed += 1
                            failedItems += child.itemCount
                        }
                        if failure == nil {
                            do throws(MapRunFailure) {
                                try collector.add(r, input: child.input)
                            } catch {
                                failure = error
                            }
                        }
                    }
                    progress.resultsWritten = collector.written
                    if failure == nil, exceeded(failedItems, total: inputs.done ? inputs.itemCount : nil) {
                        failure = MapRunFailure(
                            StatesErrorName.exceedToleratedFailureThreshold,
                            "The specified tolerated failure threshold was exceeded")
                    }
                }
                if failure != nil { group.cancelAll() }
                let now = WallClock.now().epochMilliseconds
                if now - lastReport >= 250 {
                    lastReport = now
                    await observer?(progress)
                }
            }
        }
        // A stopped parent aborts the run: its children's answers (aborted, unfinished) say nothing of the threshold.
        if Task.isCancelled {
            failure = MapRunFailure("States.Aborted", "The map run was aborted")
        }
        if failure == nil, exceeded(failedItems, total: inputs.itemCount) {
            failure = MapRunFailure(
                StatesErrorName.exceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded")
        }
        if let failure {
            collector.close()
            return .failure(failure)
        }
        do throws(MapRunFailure) {
            return .success(try collector.finish(stateName: request.stateName))
        } catch {
            return .failure(error)
        }
    }

    /// Whether the failed items pass a tolerated threshold (either one); without one, any failure does.
    /// The percentage is judged once the number of items is known.
    func exceeded(_ failed: Int, total: Int?) -> Bool {
        guard failed > 0 else { return false }
        let count = request.toleratedFailureCount
        let percentage = request.toleratedFailurePercentage
        if count == nil, percentage == nil { return true }
        if let c = count, failed > c { return true }
        if let p = percentage, let total, total > 0, Double(failed) * 100 / Double(total) > p { return true }
        return false
    }
}
