/// The port through which a map run's coordinator has batches of children run: in this process
/// (`LocalBatchExecutor`), or by workers over the job queue (the daemon's queued executor).
public protocol MapBatchExecutor: Sendable {
    /// Runs every child of the batch and answers one result per child, or why the batch could not run.
    func run(_ batch: MapBatch) async -> Result<[ChildResult], MapRunFailure>
}

/// Runs batches in this process with a `MapBatchRunner`.
public struct LocalBatchExecutor: MapBatchExecutor {
    let runner: MapBatchRunner

    public init(_ runner: MapBatchRunner) { self.runner = runner }

    public func run(_ batch: MapBatch) async -> Result<[ChildResult], MapRunFailure> { await runner.run(batch) }
}
