import StepEngine
import StepJSON
import StepMapRun
import StepRuntime
import Synchronization
import Testing

/// Runs batches in process like `LocalBatchExecutor`, holding each batch for a moment and recording how many
/// children are in flight at once (the sum of the sizes of the batches being run).
final class CountingExecutor: MapBatchExecutor {
    let inner: LocalBatchExecutor
    let hold: Duration
    let counts = Mutex<(now: Int, most: Int, batches: Int, children: Int)>((0, 0, 0, 0))

    init(tasks: any TaskRunner = UnavailableTaskRunner(), hold: Duration = .milliseconds(8)) {
        inner = LocalBatchExecutor(MapBatchRunner(tasks: tasks))
        self.hold = hold
    }

    func run(_ batch: MapBatch) async -> Result<[ChildResult], MapRunFailure> {
        counts.withLock {
            $0.now += batch.children.count
            $0.most = max($0.most, $0.now)
            $0.batches += 1
            $0.children += batch.children.count
        }
        try? await Task.sleep(for: hold)
        let result = await inner.run(batch)
        counts.withLock { $0.now -= batch.children.count }
        return result
    }

    var most: Int { counts.withLock { $0.most } }
    var children: Int { counts.withLock { $0.children } }

    /// A task runner that coordinates map runs with this executor.
    func runner(jobSize: Int = 400) -> any TaskRunner {
        RoutingTaskRunner(
            routes: [(MapRunRequest.resource, MapRunTaskRunner(buckets: Buckets(), executor: self, jobSize: jobSize))],
            fallback: UnavailableTaskRunner())
    }
}

@Suite struct ConcurrencyTests {
    static let items = JSON.array((0..<24).map { .int($0) })

    @Test(arguments: [1, 3, 4, 7])
    func maxConcurrencyBoundsChildrenInFlight(limit: Int) async throws {
        let executor = CountingExecutor()
        let result = try await Harness.run(
            Harness.machine(#""MaxConcurrency": \#(limit)"#), input: Self.items, runner: executor.runner())
        #expect(result.status == .succeeded)
        #expect(result.output == Self.items)
        #expect(executor.children == 24)
        #expect(executor.most <= limit)
        #expect(executor.most >= 1)
    }

    @Test func maxConcurrencyAboveOneRunsChildrenTogether() async throws {
        let executor = CountingExecutor()
        _ = try await Harness.run(
            Harness.machine(#""MaxConcurrency": 4"#), input: Self.items, runner: executor.runner())
        #expect(executor.most > 1)
        #expect(executor.most <= 4)
    }

    @Test func maxConcurrencyCountsBatchesAsChildren() async throws {
        let executor = CountingExecutor()
        let fields = #""MaxConcurrency": 2, "ItemBatcher": {"MaxItemsPerBatch": 5}"#
        let result = try await Harness.run(
            Harness.machine(fields), input: Self.items, runner: executor.runner(jobSize: 1))
        #expect(result.output?.arrayValue?.count == 5)
        #expect(executor.children == 5)
        #expect(executor.most <= 2)
    }

    @Test func maxConcurrencyPathIsRead() async throws {
        let executor = CountingExecutor()
        let fields = #""ItemsPath": "$.items", "MaxConcurrencyPath": "$.limit""#
        let result = try await Harness.run(
            Harness.machine(fields), input: ["items": Self.items, "limit": 2], runner: executor.runner(jobSize: 1))
        #expect(result.output == Self.items)
        #expect(executor.most <= 2)
    }

    @Test func zeroMaxConcurrencyStillRunsEveryItem() async throws {
        let executor = CountingExecutor(hold: .zero)
        let many = JSON.array((0..<250).map { .int($0) })
        let result = try await Harness.run(
            Harness.machine(#""MaxConcurrency": 0"#), input: many, runner: executor.runner(jobSize: 7))
        #expect(result.status == .succeeded)
        #expect(result.output == many)
        #expect(executor.children == 250)
    }

    @Test func childTasksRunConcurrentlyWithinTheLimit() async throws {
        let inFlight = Mutex<(now: Int, most: Int)>((0, 0))
        let tasks = ClosureTaskRunner { request in
            inFlight.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
            }
            try? await Task.sleep(for: .milliseconds(10))
            inFlight.withLock { $0.now -= 1 }
            return .success(request.input)
        }
        let processor =
            #""StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f", "End": true}}"#
        let result = try await Harness.run(
            Harness.machine(#""MaxConcurrency": 3"#, processor: processor), input: Self.items, tasks: tasks)
        #expect(result.output == Self.items)
        #expect(inFlight.withLock { $0.most } <= 3)
    }
}
