import StepEngine

/// A task (or timer) of one execution.
struct TaskKey: Hashable {
    var execution: Int64
    var task: Int
}

/// The tasks in flight for the durable service: those running in this process, those handed to workers
/// (awaited through a placeholder), and the children started by nested-execution tasks, so that
/// cancelling a task stops its child. It times each task for the task-duration histogram.
struct TaskSupervisor {
    private var running: [TaskKey: Task<Void, Never>] = [:]
    /// Tasks in `running` that went to workers through the dispatcher.
    private var dispatched: Set<TaskKey> = []
    private var started: [TaskKey: ContinuousClock.Instant] = [:]
    /// Children started by `.sync` and `.waitForTaskToken` tasks: stopped when the task is cancelled.
    var nestedChildren: [TaskKey: Int64] = [:]

    /// Every task awaited, here or on workers.
    var count: Int { running.count }
    /// Tasks handed to workers and not yet answered.
    var dispatchedCount: Int { dispatched.count }
    /// Tasks running in this process.
    var inHand: Int { running.count - dispatched.count }

    func isRunning(_ key: TaskKey) -> Bool { running[key] != nil }

    /// Records a task begun: `task` runs it here, or is a placeholder for one a worker runs (`dispatched`).
    /// Only tasks that run something are timed (`timed`); an activity's hand-over is not.
    mutating func began(_ key: TaskKey, _ task: Task<Void, Never>, dispatched isDispatched: Bool = false, timed: Bool = true) {
        running[key] = task
        if isDispatched { dispatched.insert(key) }
        if timed {
            ServiceMetrics.tasksStarted.increment()
            started[key] = ContinuousClock.now
        }
    }

    /// Records a task answered; `false` when it was not awaited (answered twice, or cancelled).
    mutating func finished(_ key: TaskKey) -> Bool {
        guard running.removeValue(forKey: key) != nil else { return false }
        dispatched.remove(key)
        if let began = started.removeValue(forKey: key) {
            ServiceMetrics.taskDuration.recordNanoseconds((ContinuousClock.now - began).nanoseconds)
        }
        return true
    }

    /// Cancels a task: whether it was still awaited, and the nested child it started, to be stopped.
    mutating func cancel(_ key: TaskKey) -> (wasRunning: Bool, child: Int64?) {
        let child = nestedChildren.removeValue(forKey: key)
        guard let task = running.removeValue(forKey: key) else { return (false, child) }
        started[key] = nil
        dispatched.remove(key)
        task.cancel()
        return (true, child)
    }
}
