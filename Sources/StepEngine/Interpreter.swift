import StepJSON
import StepLanguage

/// One application of the engine to one event: it owns a working copy of the execution state and
/// collects the history events and commands it produces.
struct Interpreter {
    let machine: StateMachine
    var state: ExecutionState
    let now: Timestamp
    var rng: SplitMix64
    var events: [HistoryEvent] = []
    var commands: [EngineCommand] = []
    /// Threads ready to run, as a stack: nested work runs first, which gives AWS's event order.
    var runnable: [Int] = []
    var historyLimit: Int?
    /// The longest the execution may run whatever its `TimeoutSeconds` (Express: 5 minutes).
    var maximumSeconds: Int?
    /// Errors a retrier or catcher took, recorded only when set (TestState's `status` and `errorDetails`);
    /// `nil`, and never touched, in executions.
    var recoveries: [Recovery]?

    init(machine: StateMachine, state: ExecutionState, now: Timestamp, seed: UInt64) {
        self.machine = machine
        self.state = state
        self.now = now
        self.rng = SplitMix64(seed: seed)
    }

    // MARK: Events in

    mutating func handle(_ event: EngineEvent) {
        if case .redrive = event {
            redrive()
            drain()
            return
        }
        guard state.status == .running else { return }
        switch event {
        case .start: startExecution()
        case .taskSucceeded(let task, let output): taskSucceeded(task, output)
        case .taskFailed(let task, let error, let cause): taskFailed(task, StatesError(error, cause: cause))
        case .taskHeartbeat(let task): taskHeartbeat(task)
        case .taskStarted(let task, let workerName): taskStarted(task, workerName: workerName)
        case .taskSubmitted(let task, let output): taskSubmitted(task, output)
        case .timerFired(let timer): timerFired(timer)
        case .stop(let error, let cause): stopExecution(error: error, cause: cause)
        case .redrive: break
        }
        drain()
    }

    mutating func drain() {
        while let id = runnable.popLast(), state.status == .running {
            runThread(id)
            _ = withinHistoryLimit()
        }
    }

    /// Fails the execution once its history reaches the limit (keeping room for the closing event).
    mutating func withinHistoryLimit() -> Bool {
        guard let limit = historyLimit, state.nextEventId >= limit, state.status == .running else { return true }
        failExecution(
            StatesError(
                StatesErrorName.runtime, cause: "The execution reached the maximum number of history events (\(limit))."),
            previous: state.lastEventId)
        return false
    }

    mutating func startExecution() {
        let input = state.info.input
        state.lastEventId = emitExecution(
            .executionStarted, "executionStartedEventDetails", ["roleArn": .string(state.info.roleArn)],
            payload: EventPayload("input", input))
        let timeout = [machine.timeoutSeconds, maximumSeconds].compactMap { $0 }.min()
        if let t = timeout {
            let id = state.allocateId()
            state.executionTimer = id
            let due = now.adding(seconds: t)
            state.timers[id] = PendingTimer(thread: nil, purpose: .executionTimeout, due: due)
            commands.append(.startTimer(id: id, due: due))
        }
        let scope = state.allocateId()
        state.scopes[scope] = VariableScope(parent: nil)
        let root = machine.root
        let id = state.allocateId()
        state.threads[id] = ThreadState(
            id: id, address: StateAddress(processor: root.index, state: root.startAt), input: input, scope: scope,
            parent: nil, enteredTime: now)
        runnable.append(id)
    }

    // MARK: History

    /// Appends an event for a thread; returns its id (0 when the thread records no events).
    @discardableResult
    mutating func emit(
        _ type: HistoryEventType, _ key: String?, _ details: JSONObject = JSONObject(), thread: Int, payload: EventPayload? = nil,
        assigned: JSONObject? = nil, index: Int? = nil, name: String? = nil
    ) -> Int {
        guard let previous = state.threads[thread]?.lastEventId else { return 0 }
        let id = state.nextEventId
        state.nextEventId += 1
        events.append(
            HistoryEvent(
                id: id, previousEventId: previous, timestamp: now, type: type, detailsKey: key, details: details,
                payload: payload, assignedVariables: assigned, index: index, name: name))
        state.threads[thread]?.lastEventId = id
        state.lastEventId = id
        return id
    }

    /// Appends an execution-level event.
    @discardableResult
    mutating func emitExecution(
        _ type: HistoryEventType, _ key: String?, _ details: JSONObject, previous: Int? = nil, payload: EventPayload? = nil
    ) -> Int {
        let id = state.nextEventId
        state.nextEventId += 1
        events.append(
            HistoryEvent(
                id: id, previousEventId: previous ?? state.lastEventId, timestamp: now, type: type, detailsKey: key,
                details: details, payload: payload))
        state.lastEventId = id
        return id
    }

    // MARK: Execution end

    mutating func succeedExecution(output: JSON, previous: Int) {
        state.status = .succeeded
        state.output = output
        state.stopTime = now
        emitExecution(
            .executionSucceeded, "executionSucceededEventDetails", JSONObject(), previous: previous,
            payload: EventPayload("output", output))
        cancelEverything()
    }

    mutating func failExecution(_ error: StatesError, previous: Int) {
        state.status = .failed
        state.error = error.error.isEmpty ? nil : error.error
        state.cause = error.cause
        state.stopTime = now
        emitExecution(
            .executionFailed, "executionFailedEventDetails", Details.errorCause(state.error, error.cause),
            previous: previous)
        cancelEverything()
    }

    mutating func stopExecution(error: String?, cause: String?) {
        state.status = .aborted
        state.error = error
        state.cause = cause
        state.stopTime = now
        // The stop comes from outside the workflow: AWS links ExecutionAborted to no earlier event.
        emitExecution(.executionAborted, "executionAbortedEventDetails", Details.errorCause(error, cause), previous: 0)
        cancelEverything()
    }

    mutating func timeOutExecution() {
        state.status = .timedOut
        state.error = nil
        state.cause = nil
        state.stopTime = now
        state.executionTimer = nil
        emitExecution(.executionTimedOut, "executionTimedOutEventDetails", JSONObject())
        cancelEverything()
    }

    /// Restarts an unsuccessful execution at its redrive point.
    mutating func redrive() {
        guard state.status == .failed || state.status == .timedOut || state.status == .aborted,
            let point = state.redrivePoint
        else { return }
        state.status = .running
        state.output = nil
        state.error = nil
        state.cause = nil
        state.stopTime = nil
        state.info.redriveCount += 1
        state.redrivePoint = nil
        emitExecution(
            .executionRedriven, "executionRedrivenEventDetails", ["redriveCount": .int(state.info.redriveCount)])
        let scope = state.allocateId()
        state.scopes[scope] = VariableScope(parent: nil, values: point.variables)
        let id = state.allocateId()
        var thread = ThreadState(
            id: id, address: point.address, input: point.input, scope: scope, parent: nil, enteredTime: now)
        thread.lastEventId = state.lastEventId
        state.threads[id] = thread
        runnable.append(id)
    }

    /// Drops every pending task and timer of a finished execution, remembering where a redrive would restart.
    mutating func cancelEverything() {
        if state.status != .succeeded, let root = state.threads.values.first(where: { $0.parent == nil }) {
            state.redrivePoint = RedrivePoint(
                address: root.address, input: root.input, variables: state.scopes[root.scope]?.values ?? JSONObject())
        }
        for id in state.tasks.keys.sorted() { commands.append(.cancelTask(id)) }
        for id in state.timers.keys.sorted() { commands.append(.cancelTimer(id)) }
        state.tasks = [:]
        state.timers = [:]
        state.threads = [:]
        state.fans = [:]
        state.scopes = [:]
        runnable = []
    }
}
