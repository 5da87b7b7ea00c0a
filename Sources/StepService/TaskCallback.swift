import StepEngine
import StepJSON
import StepLanguage
import StepRuntime

/// Delivers a task-token callback: to the running service, or straight to the database when none runs.
public enum TaskCallback {
    public static func send(
        _ s: any ExecutionStore, token: String, kind: ControlRequest.Kind, output: String?, error: String?, cause: String?
    ) throws(StoreError) {
        guard let (executionId, task) = try s.task(token: token) else { throw StoreError.unknownToken(token) }
        try send(s, executionId: executionId, task: task, kind: kind, output: output, error: error, cause: cause)
    }

    /// Delivers a callback (or, with `.taskStarted`, the news that `workerName` took an activity task).
    public static func send(
        _ s: any ExecutionStore, executionId: Int64, task: Int, kind: ControlRequest.Kind, output: String? = nil,
        error: String? = nil, cause: String? = nil, workerName: String? = nil
    ) throws(StoreError) {
        if try s.serviceIsAlive(now: WallClock.now()) {
            if kind == .taskStarted {
                try s.enqueueTaskStarted(executionId: executionId, task: task, workerName: workerName)
            } else {
                try s.enqueueTaskCallback(
                    executionId: executionId, task: task, kind: kind, output: output, error: error, cause: cause)
            }
            return
        }
        guard var state = try s.engineState(executionId: executionId),
            let machine = try? DefinitionParser.parse(try s.definition(forExecution: executionId).definition)
        else { throw StoreError(.executionDoesNotExist, "the execution waiting for this token cannot be loaded") }
        let event: EngineEvent
        var done: [Int] = []
        switch kind {
        case .taskSuccess:
            event = .taskSucceeded(task: task, output: output.flatMap { try? JSON(parsing: $0) } ?? .null)
            done = [task]
        case .taskFailure:
            event = .taskFailed(task: task, error: error ?? StatesErrorName.taskFailed, cause: cause)
            done = [task]
        case .taskStarted:
            event = .taskStarted(task: task, workerName: workerName)
        default:
            event = .taskHeartbeat(task: task)
        }
        let out = Engine(machine: machine, historyLimit: Engine.standardHistoryLimit).handle(
            EngineInput(event, time: WallClock.now(), seed: UInt64.random(in: 0...UInt64.max)), state: &state)
        var timers: [(id: Int, due: Timestamp)] = []
        var timersDone: [Int] = []
        var tasks: [TaskRequest] = []
        for c in out.commands {
            switch c {
            case .startTimer(let id, let due): timers.append((id, due))
            case .cancelTimer(let id): timersDone.append(id)
            case .runTask(let r): tasks.append(r)
            case .cancelTask(let id): done.append(id)
            }
        }
        try s.commit([
            TransitionCommit(
                executionId: executionId, state: state, events: out.events, timersStarted: timers, timersDone: timersDone,
                tasksStarted: tasks, tasksDone: done)
        ])
    }
}
