import StepLanguage
import StepRuntime
import Synchronization

/// A `ServiceClock` that moves only when a test moves it: timers, retry back-off and heartbeat timeouts
/// fire the moment the test advances past them, with no real sleeping.
public final class ManualClock: ServiceClock {
    private struct Sleeper {
        var due: Timestamp
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var now: Timestamp
        var nextId = 0
        var sleepers: [Int: Sleeper] = [:]
        /// Sleeps cancelled before they were registered.
        var cancelled: Set<Int> = []
    }

    private let state: Mutex<State>

    /// Starts at `now` (by default 2026-01-01T00:00:00Z).
    public init(now: Timestamp = Timestamp(seconds: 1_767_225_600)) {
        state = Mutex(State(now: now))
    }

    public func now() -> Timestamp { state.withLock { $0.now } }

    /// How many sleeps wait for the clock to move.
    public var sleepers: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until due: Timestamp) async -> Bool {
        let id = state.withLock { s in
            s.nextId += 1
            return s.nextId
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
                let answer: Bool? = state.withLock { s in
                    if s.cancelled.remove(id) != nil { return false }
                    if due <= s.now { return true }
                    s.sleepers[id] = Sleeper(due: due, continuation: c)
                    return nil
                }
                if let answer { c.resume(returning: answer) }
            }
        } onCancel: {
            let sleeper = state.withLock { s in
                if let sleeper = s.sleepers.removeValue(forKey: id) { return Optional(sleeper) }
                s.cancelled.insert(id)
                return nil
            }
            sleeper?.continuation.resume(returning: false)
        }
    }

    /// Moves the clock on by `seconds` and wakes every sleep due by then.
    public func advance(seconds: Int) {
        let woken = state.withLock { s in
            s.now = s.now.adding(seconds: seconds)
            let now = s.now
            let due = s.sleepers.filter { $0.value.due <= now }
            for id in due.keys { s.sleepers[id] = nil }
            return due.values.map(\.continuation)
        }
        for c in woken { c.resume(returning: true) }
    }
}
