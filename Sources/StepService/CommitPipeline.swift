import StepEngine

/// The group-commit pipeline's bookkeeping: steps staged since the last flush with the commands they
/// carry, how many steps have been staged and committed, and who waits for a step to be committed.
/// The durable service runs one flush at a time: it takes everything staged as one batch, commits it in
/// one transaction, and only then carries out the batch's commands (the outbox rule).
struct CommitPipeline {
    /// Steps committed together, with the commands to carry out once they have landed.
    struct Batch {
        var steps: [TransitionCommit]
        var commands: [(executionId: Int64, commands: [EngineCommand])]
        /// States entered by these steps, for the transitions metric.
        var transitions: Int
    }

    private var staged: [TransitionCommit] = []
    private var stagedCommands: [(executionId: Int64, commands: [EngineCommand])] = []
    private var stagedTransitions = 0
    private var waiters: [(target: Int, continuation: CheckedContinuation<Void, Never>)] = []
    /// Steps staged since start, and steps known committed.
    private(set) var stagedCount = 0
    private(set) var committedCount = 0
    /// Whether a flush is running (it takes what is staged meanwhile before it ends).
    private(set) var isFlushing = false

    /// Nothing staged and no flush running.
    var isIdle: Bool { !isFlushing && staged.isEmpty }

    /// Stages one step; `true` when no flush is running, so that the caller must start one.
    mutating func stage(_ step: TransitionCommit, commands: [EngineCommand], transitions: Int) -> Bool {
        staged.append(step)
        stagedCommands.append((step.executionId, commands))
        stagedCount += 1
        stagedTransitions += transitions
        guard !isFlushing else { return false }
        isFlushing = true
        return true
    }

    /// Whether a step of this execution is staged and not yet taken by a flush.
    func isStaged(_ executionId: Int64) -> Bool { staged.contains { $0.executionId == executionId } }

    /// Everything staged, as the next batch; `nil` (and the flush ends) when nothing is.
    mutating func takeBatch() -> Batch? {
        guard !staged.isEmpty else {
            isFlushing = false
            return nil
        }
        let batch = Batch(steps: staged, commands: stagedCommands, transitions: stagedTransitions)
        staged = []
        stagedCommands = []
        stagedTransitions = 0
        return batch
    }

    /// Marks a batch committed; the waiters whose steps have all landed now, to be resumed.
    mutating func committed(_ batch: Batch) -> [CheckedContinuation<Void, Never>] {
        committedCount += batch.steps.count
        let committed = committedCount
        let ready = waiters.filter { $0.target <= committed }.map(\.continuation)
        waiters.removeAll { $0.target <= committed }
        return ready
    }

    /// The step count a waiter for everything staged now must see committed; `nil` when it already is.
    var pendingTarget: Int? { committedCount < stagedCount ? stagedCount : nil }

    mutating func wait(for target: Int, _ continuation: CheckedContinuation<Void, Never>) {
        waiters.append((target, continuation))
    }
}
