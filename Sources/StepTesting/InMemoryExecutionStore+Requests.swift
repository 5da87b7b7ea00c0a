import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepService
import Synchronization

extension InMemoryExecutionStore {
    public func enqueueRequest(executionId: Int64, kind: ControlRequest.Kind, error: String?, cause: String?) throws(StoreError) {
        state.withLock { s in
            s.enqueue { ControlRequest(id: $0, executionId: executionId, kind: kind, error: error, cause: cause) }
        }
    }

    public func enqueueTaskCallback(
        executionId: Int64, task: Int, kind: ControlRequest.Kind, output: String?, error: String?, cause: String?
    ) throws(StoreError) {
        state.withLock { s in
            s.enqueue {
                ControlRequest(id: $0, executionId: executionId, kind: kind, error: error, cause: cause, task: task, output: output)
            }
        }
    }

    public func task(token: String) throws(StoreError) -> (executionId: Int64, task: Int)? {
        state.withLock { s -> (executionId: Int64, task: Int)? in
            for (e, tasks) in s.tasks {
                for (t, row) in tasks where row.request.taskToken == token { return (e, t) }
            }
            return nil
        }
    }

    public func requests() throws(StoreError) -> [ControlRequest] {
        state.withLock { $0.requests }
    }

    public func deleteRequest(id: Int64) throws(StoreError) {
        state.withLock { $0.requests.removeAll { $0.id == id } }
    }

    /// A lease renewed within 5 s, unless its owner is a process of this host that no longer exists.
    public func serviceIsAlive(now: Timestamp) throws(StoreError) -> Bool {
        guard let lease = state.withLock({ $0.lease }), lease.renewedMs > now.epochMilliseconds - 5_000 else { return false }
        if let pid = Self.localProcess(lease.owner) { return Self.processExists(pid) }
        return true
    }

    public func renewServiceLease(owner: String, now: Timestamp) throws(StoreError) {
        state.withLock { $0.lease = Lease(owner: owner, renewedMs: now.epochMilliseconds) }
    }

    /// The process id of an owner (`host:pid`) on this host, as `SQLiteExecutionStore` reads it.
    static func localProcess(_ owner: String) -> pid_t? {
        guard let colon = owner.lastIndex(of: ":"), owner[..<colon] == ProcessInfo.processInfo.hostName else { return nil }
        return pid_t(owner[owner.index(after: colon)...])
    }

    /// Whether a process of this host is alive (a zombie left by a killed service is not).
    static func processExists(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno != ESRCH else { return false }
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") {
            let rest = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces)
            if rest.hasPrefix("Z") || rest.hasPrefix("X") { return false }
        }
        return true
    }

    /// Executions by status, timers and tasks pending, as `SQLiteExecutionStore.operationalCounts()` counts them.
    public func operationalCounts() throws(StoreError) -> OperationalCounts {
        state.withLock { s in
            var counts = OperationalCounts()
            for row in s.executions { counts.executionsByStatus[row.record.status.rawValue, default: 0] += 1 }
            counts.timersPending = s.timers.values.reduce(0) { $0 + $1.count }
            counts.tasksPending = s.tasks.values.reduce(0) { $0 + $1.count }
            return counts
        }
    }
}
