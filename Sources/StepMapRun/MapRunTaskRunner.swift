import StepEngine
import StepJSON
import StepLanguage
import StepRuntime

/// The task runner for a Distributed Map's map run (`MapRunRequest.resource`): runs the
/// coordinator with a batch executor and answers the Map state's result or the map run's error.
public struct MapRunTaskRunner: TaskRunner {
    let buckets: Buckets
    let executor: any MapBatchExecutor
    let jobSize: Int
    let observer: (@Sendable (MapRunProgress) async -> Void)?

    public init(
        buckets: Buckets, executor: any MapBatchExecutor, jobSize: Int = 400,
        observer: (@Sendable (MapRunProgress) async -> Void)? = nil
    ) {
        self.buckets = buckets
        self.executor = executor
        self.jobSize = jobSize
        self.observer = observer
    }

    public func run(_ request: TaskRequest) async -> TaskOutcome {
        guard let mapRun = MapRunRequest(json: request.input) else {
            return .failure(error: StatesErrorName.runtime, cause: "The map run request is malformed")
        }
        let coordinator = MapRunCoordinator(
            request: mapRun, buckets: buckets, executor: executor, jobSize: jobSize, observer: observer)
        switch await coordinator.run() {
        case .success(let output): return .success(output)
        case .failure(let f): return .failure(error: f.error, cause: f.cause)
        }
    }

    /// `tasks`, with map runs coordinated and their children run in this process with `tasks`.
    /// `executor` may wrap the in-process executor (the durable service runs `STANDARD` children itself).
    public static func inProcess(
        _ tasks: any TaskRunner, buckets: Buckets, observer: (@Sendable (MapRunProgress) async -> Void)? = nil,
        executor: (any MapBatchExecutor) -> any MapBatchExecutor = { $0 }
    ) -> any TaskRunner {
        let local = LocalBatchExecutor(MapBatchRunner(tasks: tasks, buckets: buckets))
        let mapRuns = MapRunTaskRunner(buckets: buckets, executor: executor(local), observer: observer)
        return RoutingTaskRunner(routes: [(MapRunRequest.resource, mapRuns)], fallback: tasks)
    }
}
