import StepEngine
import StepLanguage

/// What one engine step changes, committed atomically: the new engine state, the history it wrote,
/// the timers and tasks it started or dropped, and the final status when it ended the execution.
public struct TransitionCommit: Sendable {
    public var executionId: Int64
    public var state: ExecutionState
    public var events: [HistoryEvent]
    public var timersStarted: [(id: Int, due: Timestamp)]
    public var timersDone: [Int]
    public var tasksStarted: [TaskRequest]
    public var tasksDone: [Int]
    /// `.waitForTaskToken` tasks handed over: still awaited (by token), not to be run again.
    public var tasksSubmitted: [Int]

    public init(
        executionId: Int64, state: ExecutionState, events: [HistoryEvent], timersStarted: [(id: Int, due: Timestamp)],
        timersDone: [Int], tasksStarted: [TaskRequest], tasksDone: [Int], tasksSubmitted: [Int] = []
    ) {
        self.tasksSubmitted = tasksSubmitted
        self.executionId = executionId
        self.state = state
        self.events = events
        self.timersStarted = timersStarted
        self.timersDone = timersDone
        self.tasksStarted = tasksStarted
        self.tasksDone = tasksDone
    }
}

extension TransitionCommit {
    /// The commit of one engine step: the commands it issued and the earlier commands whose outcome the
    /// step's event reported (`done`) become the timers and tasks started and dropped. The one translation
    /// from the engine's output to the store, for the service and for a request applied without one.
    public init(executionId: Int64, state: ExecutionState, output: EngineOutput, done: [EngineCommandDone]) {
        var timersStarted: [(id: Int, due: Timestamp)] = []
        var timersDone: [Int] = []
        var tasksStarted: [TaskRequest] = []
        var tasksDone: [Int] = []
        var tasksSubmitted: [Int] = []
        for d in done {
            switch d {
            case .timer(let t): timersDone.append(t)
            case .task(let t): tasksDone.append(t)
            case .submitted(let t): tasksSubmitted.append(t)
            }
        }
        for c in output.commands {
            switch c {
            case .runTask(let r): tasksStarted.append(r)
            case .cancelTask(let id): tasksDone.append(id)
            case .startTimer(let id, let due): timersStarted.append((id, due))
            case .cancelTimer(let id): timersDone.append(id)
            }
        }
        self.init(
            executionId: executionId, state: state, events: output.events, timersStarted: timersStarted,
            timersDone: timersDone, tasksStarted: tasksStarted, tasksDone: tasksDone, tasksSubmitted: tasksSubmitted)
    }
}

/// A command whose outcome an event reports, so the store can drop it from the pending sets.
public enum EngineCommandDone: Sendable {
    case timer(Int)
    case task(Int)
    /// A `.waitForTaskToken` task handed over: keep it pending, but never run it again on recovery.
    case submitted(Int)
}
