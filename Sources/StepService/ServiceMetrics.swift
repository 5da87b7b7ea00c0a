import CoreMetrics
import Logging
import StepEngine
import Synchronization

/// The durable service's Prometheus metrics, through swift-metrics (the executable bootstraps the
/// Prometheus backend; without one, every call is a no-op). Handles are made once per label set and kept,
/// and the commit path updates them once per batch, not per transition.
public enum ServiceMetrics {
    static let transitions = Counter(label: "stepline_state_transitions_total")
    static let commitDuration = CoreMetrics.Timer(label: "stepline_sqlite_commit_duration_seconds")
    static let commitBatchSize = Recorder(label: "stepline_sqlite_commit_batch_size", aggregate: true)
    static let commitRetries = Counter(label: "stepline_sqlite_commit_retries_total")
    static let tasksStarted = Counter(label: "stepline_tasks_started_total")
    static let taskDuration = CoreMetrics.Timer(label: "stepline_task_duration_seconds")

    static let started = HandleCache<Counter> { Counter(label: "stepline_executions_started_total", dimensions: $0) }
    static let finished = HandleCache<Counter> { Counter(label: "stepline_executions_finished_total", dimensions: $0) }
    static let durations = HandleCache<CoreMetrics.Timer> {
        CoreMetrics.Timer(label: "stepline_execution_duration_seconds", dimensions: $0)
    }

    static func executionStarted(_ info: ExecutionInfo) {
        started.handle([("state_machine", info.stateMachineName)]).increment()
    }

    static func executionFinished(_ state: ExecutionState) {
        let machine = state.info.stateMachineName
        finished.handle([("state_machine", machine), ("status", state.status.rawValue)]).increment()
        if let stop = state.stopTime {
            let ms = max(0, stop.epochMilliseconds - state.info.startTime.epochMilliseconds)
            durations.handle([("state_machine", machine)]).recordMilliseconds(ms)
        }
    }
}

/// Metric handles by label values, made on first use.
final class HandleCache<Handle: Sendable>: Sendable {
    let make: @Sendable ([(String, String)]) -> Handle
    let handles = Mutex<[[String]: Handle]>([:])

    init(_ make: @escaping @Sendable ([(String, String)]) -> Handle) { self.make = make }

    func handle(_ dimensions: [(String, String)]) -> Handle {
        let key = dimensions.map { $0.1 }
        if let h = handles.withLock({ $0[key] }) { return h }
        let h = make(dimensions)
        handles.withLock { $0[key] = h }
        return h
    }
}

extension Logger.Metadata {
    /// The metadata every line about one execution carries.
    static func execution(_ info: ExecutionInfo) -> Logger.Metadata {
        ["execution": .string(info.executionArn), "stateMachine": .string(info.stateMachineName)]
    }
}

extension DurableService {
    /// A state's failure, with whether the state goes on (a retry's back-off timer, or the task again).
    func logFailure(_ event: HistoryEvent, state: ExecutionState, output: EngineOutput) {
        var metadata = Logger.Metadata.execution(state.info)
        metadata["event"] = .string(event.type.rawValue)
        if let error = event.details["error"]?.stringValue { metadata["error"] = .string(error) }
        if let cause = event.details["cause"]?.stringValue { metadata["cause"] = .string(String(cause.prefix(300))) }
        let retrying = output.commands.contains { c in
            switch c {
            case .startTimer, .runTask: return true
            default: return false
            }
        }
        logger.notice(retrying ? "state failed, retrying" : "state failed", metadata: metadata)
    }

    func logFinished(_ state: ExecutionState) {
        var metadata = Logger.Metadata.execution(state.info)
        metadata["status"] = .string(state.status.rawValue)
        if let error = state.error { metadata["error"] = .string(error) }
        logger.info("execution ended", metadata: metadata)
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating), as swift-metrics' timers take it.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : ns + attoseconds / 1_000_000_000
    }
}
