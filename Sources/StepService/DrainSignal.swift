import Synchronization

/// Tells long-running loops that the process is shutting down gracefully: stop taking new work, finish
/// what is in hand. Triggered once (by SIGTERM through the service group); waiting after that returns at once.
public final class DrainSignal: Sendable {
    let state = Mutex<(triggered: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    public init() {}

    public var isTriggered: Bool { state.withLock { $0.triggered } }

    public func trigger() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            guard !s.triggered else { return [] }
            s.triggered = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    /// Returns once triggered.
    public func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.triggered { return true }
                s.waiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }
}
