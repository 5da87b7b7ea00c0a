import StepEngine
import StepJSON
import StepLanguage
import StepMapRun
import StepRuntime
import Synchronization
import Testing

/// A batch executor that reports each batch it starts, waits until its task is cancelled, and then answers
/// its children as aborted (as a worker whose children were stopped does).
final class BlockingExecutor: MapBatchExecutor {
    let started: AsyncStream<Int>
    let continuation: AsyncStream<Int>.Continuation
    let cancelled = Mutex(0)

    init() { (started, continuation) = AsyncStream<Int>.makeStream() }

    func run(_ batch: MapBatch) async -> Result<[ChildResult], MapRunFailure> {
        continuation.yield(batch.children.count)
        while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
        cancelled.withLock { $0 += 1 }
        return .success(
            batch.children.map {
                ChildResult(
                    index: $0.index, status: "ABORTED", output: nil, error: nil, cause: nil, name: "c\($0.index)",
                    startMillis: 0, stopMillis: 0)
            })
    }
}

/// The coordinator on its own: a stopped parent (its task cancelled) and what it reports while it runs.
@Suite struct MapRunCoordinatorTests {
    static func request(items: [JSON], maxConcurrency: Int = 0) -> MapRunRequest {
        MapRunRequest(
            mapRunArn: "arn:aws:states:us-east-1:111111111111:mapRun:m/M:0f0e0d0c-0000-4000-8000-000000000001",
            executionArn: "arn:aws:states:us-east-1:111111111111:execution:m:e",
            stateMachineArn: "arn:aws:states:us-east-1:111111111111:stateMachine:m", stateName: "M", label: nil,
            executionType: .standard,
            childDefinition: ["StartAt": "P", "States": ["P": ["Type": "Pass", "End": true]]], items: items,
            reader: nil, selector: nil, selectorLanguage: .jsonPath, context: [:], variables: JSONObject(),
            effectiveInput: .array(items), maxItemsPerBatch: nil, maxInputBytesPerBatch: nil, batchInput: nil,
            writer: nil, maxConcurrency: maxConcurrency, toleratedFailureCount: nil, toleratedFailurePercentage: nil)
    }

    @Test func stoppingTheParentAbortsTheMapRun() async throws {
        let executor = BlockingExecutor()
        let reports = Mutex<[MapRunProgress]>([])
        let coordinator = MapRunCoordinator(
            request: Self.request(items: [1, 2, 3, 4], maxConcurrency: 2), buckets: Buckets(), executor: executor,
            jobSize: 1, observer: { p in reports.withLock { $0.append(p) } })
        let run = Task { await coordinator.run() }
        var iterator = executor.started.makeAsyncIterator()
        _ = await iterator.next()
        run.cancel()
        let outcome = await run.value
        guard case .failure(let failure) = outcome else {
            Issue.record("expected the map run to fail, got \(outcome)")
            return
        }
        #expect(failure.error == "States.Aborted")
        #expect(reports.withLock { $0.last?.status } == "ABORTED")
        #expect(reports.withLock { $0.last?.running } == 0)
        #expect(executor.cancelled.withLock { $0 } >= 1)
    }

    @Test func progressEndsWithTheCounts() async throws {
        let reports = Mutex<[MapRunProgress]>([])
        let coordinator = MapRunCoordinator(
            request: Self.request(items: [1, 2, 3]), buckets: Buckets(),
            executor: LocalBatchExecutor(MapBatchRunner(tasks: UnavailableTaskRunner())),
            observer: { p in reports.withLock { $0.append(p) } })
        let outcome = await coordinator.run()
        #expect(outcome == .success([1, 2, 3]))
        let last = try #require(reports.withLock { $0.last })
        #expect(last.status == "SUCCEEDED")
        #expect(last.succeeded == 3)
        #expect(last.total == 3)
        #expect(last.json["itemCounts"]?["succeeded"] == 3)
        #expect(last.stopDate != nil)
        #expect(reports.withLock { $0.first?.status } == "RUNNING")
    }
}
