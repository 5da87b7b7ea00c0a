import StepEngine
import StepJSON
import StepLanguage
import StepRuntime

/// Applies a stop or redrive: through the running service when there is one, otherwise directly on the database.
public enum ExecutionControl {
    public static func apply(
        _ s: any ExecutionStore, reference: String, kind: ControlRequest.Kind, error: String?, cause: String?
    ) throws(StoreError) -> ExecutionRecord {
        guard let r = try s.execution(reference: reference) else {
            throw StoreError(.executionDoesNotExist, "Execution Does Not Exist: '\(reference)'")
        }
        switch kind {
        case .stop:
            guard r.status == .running else {
                throw StoreError(.validation, "Execution is not running: '\(r.arn)' is \(r.status.rawValue)")
            }
        case .redrive:
            guard r.type == .standard, [.failed, .timedOut, .aborted].contains(r.status) else {
                throw StoreError(
                    .executionNotRedrivable, "Execution '\(r.arn)' cannot be redriven: it is \(r.status.rawValue)")
            }
        default:
            throw StoreError(.validation, "not an execution control request: \(kind.rawValue)")
        }
        if try s.serviceIsAlive(now: WallClock.now()) {
            try s.enqueueRequest(executionId: r.id, kind: kind, error: error, cause: cause)
            return r
        }
        // No service: apply the event here, in one transaction, as the service would.
        guard var state = try s.engineState(executionId: r.id) else {
            if kind == .stop {
                // Not started yet: abort before it runs.
                var fresh = ExecutionState(
                    info: ExecutionInfo(
                        executionArn: r.arn, name: r.name, stateMachineArn: r.stateMachineArn,
                        stateMachineName: r.stateMachine, input: (try? JSON(parsing: r.input)) ?? .null,
                        startTime: r.startDate))
                fresh.status = .aborted
                fresh.error = error
                fresh.cause = cause
                fresh.stopTime = WallClock.now()
                try s.commit([
                    TransitionCommit(
                        executionId: r.id, state: fresh, events: [], timersStarted: [], timersDone: [], tasksStarted: [],
                        tasksDone: [])
                ])
            }
            return r
        }
        let definition = try s.definition(forExecution: r.id).definition
        guard let machine = try? DefinitionParser.parse(definition) else {
            throw StoreError(.invalidDefinition, "the execution's definition no longer parses")
        }
        let event: EngineEvent = kind == .stop ? .stop(error: error, cause: cause) : .redrive
        let out = Engine(machine: machine).handle(
            EngineInput(event, time: WallClock.now(), seed: UInt64.random(in: 0...UInt64.max)), state: &state)
        try s.commit([TransitionCommit(executionId: r.id, state: state, output: out, done: [])])
        return r
    }
}
