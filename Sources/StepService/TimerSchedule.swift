import StepLanguage
import StepRuntime

/// The durable timers armed in this process (Wait states, retry back-off, timeouts), ordered by due time,
/// and the one sleeping task that wakes for the earliest of them on the service's clock.
struct TimerSchedule {
    private var queue = TimerQueue()
    /// Timers armed and neither fired nor cancelled; the queue may still hold cancelled ones.
    private var live: Set<TaskKey> = []
    /// The sleeping task, and the due time it wakes at.
    private var wake: (task: Task<Void, Never>, due: Timestamp)?

    /// Timers armed and not yet fired or cancelled.
    var count: Int { live.count }

    mutating func arm(execution: Int64, timer: Int, due: Timestamp) {
        live.insert(TaskKey(execution: execution, task: timer))
        queue.insert(TimerQueue.Entry(due: due, execution: execution, timer: timer))
    }

    mutating func cancel(execution: Int64, timer: Int) {
        live.remove(TaskKey(execution: execution, task: timer))
    }

    /// The timers due at `now`, in due order, each taken off the schedule; the sleeping task is done.
    mutating func takeDue(now: Timestamp) -> [TimerQueue.Entry] {
        wake = nil
        var due: [TimerQueue.Entry] = []
        while let first = queue.next, first.due <= now {
            _ = queue.popFirst()
            if live.remove(TaskKey(execution: first.execution, task: first.timer)) != nil { due.append(first) }
        }
        return due
    }

    /// The due time a new sleeping task must wake at, or `nil` when the one asleep already wakes in time
    /// (or no timer is armed). Cancelled timers at the front are dropped on the way.
    mutating func wakeNeeded() -> Timestamp? {
        while let first = queue.next, !live.contains(TaskKey(execution: first.execution, task: first.timer)) {
            _ = queue.popFirst()
        }
        guard let first = queue.next else { return nil }
        if let wake, wake.due <= first.due { return nil }
        return first.due
    }

    /// Replaces the sleeping task by one waking at `due`.
    mutating func sleep(_ task: Task<Void, Never>, until due: Timestamp) {
        wake?.task.cancel()
        wake = (task, due)
    }

    /// Stops the sleeping task (at shutdown); the timers stay armed in the store.
    mutating func stop() {
        wake?.task.cancel()
        wake = nil
    }
}
