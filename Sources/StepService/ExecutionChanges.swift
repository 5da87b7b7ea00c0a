import Synchronization

/// Tells waiters in this process when a commit touched an execution (it advanced, was stopped, finished),
/// so that StartSyncExecution, StopExecution and RedriveExecution wait for the commit instead of polling the
/// database. Register a watch before reading the execution, then wait on it: a commit between the read and
/// the wait is not missed.
///
///     let watch = changes.watch(id)
///     defer { changes.end(watch) }
///     while !done(read(id)) { await changes.next(watch, timeout: .seconds(1)) }
public final class ExecutionChanges: Sendable {
    /// One waiter's interest in one execution.
    public struct Watch: Sendable, Hashable {
        public let execution: Int64
        let token: UInt64
    }

    private struct Watcher {
        var changed = false
        var waiting: CheckedContinuation<Void, Never>?
    }

    private struct State {
        var next: UInt64 = 0
        var watchers: [Int64: [UInt64: Watcher]] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Starts watching `execution`: a commit touching it from now on wakes the next `next(_:timeout:)`.
    public func watch(_ execution: Int64) -> Watch {
        state.withLock { s in
            s.next += 1
            s.watchers[execution, default: [:]][s.next] = Watcher()
            return Watch(execution: execution, token: s.next)
        }
    }

    /// Stops watching (wakes a `next` still waiting on the watch).
    public func end(_ watch: Watch) {
        let waiting = state.withLock { s -> CheckedContinuation<Void, Never>? in
            let w = s.watchers[watch.execution]?.removeValue(forKey: watch.token)
            if s.watchers[watch.execution]?.isEmpty == true { s.watchers[watch.execution] = nil }
            return w?.waiting
        }
        waiting?.resume()
    }

    /// Returns once a commit touched the watched execution since the watch began or the last `next`
    /// returned, after `timeout`, or when the task is cancelled.
    public func next(_ watch: Watch, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.changed(watch) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Waits for the change itself; cancelled, it returns at once.
    private func changed(_ watch: Watch) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    guard var w = s.watchers[watch.execution]?[watch.token] else { return true }
                    if w.changed || Task.isCancelled {
                        w.changed = false
                        s.watchers[watch.execution]?[watch.token] = w
                        return true
                    }
                    w.waiting = cont
                    s.watchers[watch.execution]?[watch.token] = w
                    return false
                }
                if now { cont.resume() }
            }
        } onCancel: {
            let waiting = state.withLock { s -> CheckedContinuation<Void, Never>? in
                let cont = s.watchers[watch.execution]?[watch.token]?.waiting
                s.watchers[watch.execution]?[watch.token]?.waiting = nil
                return cont
            }
            waiting?.resume()
        }
    }

    /// Called after a commit that touched `executions`: wakes their waiters (or marks their watches changed).
    public func committed(_ executions: some Sequence<Int64>) {
        var wake: [CheckedContinuation<Void, Never>] = []
        state.withLock { s in
            guard !s.watchers.isEmpty else { return }
            for id in executions {
                guard var watchers = s.watchers[id] else { continue }
                for (token, var w) in watchers {
                    if let cont = w.waiting {
                        wake.append(cont)
                        w.waiting = nil
                        w.changed = false
                    } else {
                        w.changed = true
                    }
                    watchers[token] = w
                }
                s.watchers[id] = watchers
            }
        }
        for cont in wake { cont.resume() }
    }

    /// Watches open now (for tests).
    public var watching: Int { state.withLock { s in s.watchers.values.reduce(0) { $0 + $1.count } } }
}
