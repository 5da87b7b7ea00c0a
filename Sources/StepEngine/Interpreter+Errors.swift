import StepJSON
import StepLanguage

extension Interpreter {
    /// The prefix AWS puts before the cause of a runtime error.
    func runtimeCause(_ t: ThreadState, _ cause: String?) -> String {
        let st = machine[t.address]
        return "An error occurred while executing the state '\(st.name)' (entered at the event id #\(t.enteredEventId)). "
            + (cause ?? "")
    }

    /// An error raised while a state ran: retry it, catch it, or let it end the thread.
    mutating func handleError(_ id: Int, _ error: StatesError, recoverable: Bool = false) {
        guard let t = state.threads[id] else { return }
        var error = error
        // A JSONata state reports its evaluation problems as query evaluation errors.
        if error.error == StatesErrorName.runtime, machine[t.address].queryLanguage == .jsonata {
            error.error = StatesErrorName.queryEvaluationError
        }
        if error.error == StatesErrorName.runtime || error.error == StatesErrorName.queryEvaluationError {
            let full = StatesError(error.error, cause: runtimeCause(t, error.cause))
            if error.error == StatesErrorName.queryEvaluationError {
                var d = Details.errorCause(full.error, full.cause)
                if let location = Self.evaluationLocation(error.cause) { d["location"] = .string(location) }
                d["state"] = .string(machine[t.address].name)
                // AWS links EvaluationFailed to the event before the state was entered (to the entered event
                // itself for a Wait state), and what follows to EvaluationFailed.
                if case .wait = machine[t.address].kind {
                } else if let entered = events.last(where: { $0.id == t.enteredEventId }) {
                    state.threads[id]?.lastEventId = entered.previousEventId
                }
                emit(.evaluationFailed, "evaluationFailedEventDetails", d, thread: id)
                if case .map = machine[t.address].kind { emit(.mapStateFailed, nil, JSONObject(), thread: id) }
            }
            // The error ends every iteration and branch it is inside on its way up, as AWS records it.
            let last = recordAncestorsFailed(id, after: state.threads[id]?.lastEventId ?? t.lastEventId)
            failExecution(full, previous: last)
            return
        }
        if error.error == StatesErrorName.dataLimitExceeded, !recoverable {
            failExecution(error, previous: t.lastEventId)
            return
        }
        let st = machine[t.address]
        if tryRetry(id, t, st, error) { return }
        if tryCatch(id, t, st, error) { return }
        failThread(id, error)
    }

    /// Records the iteration (`MapIterationFailed`) and the Map or Parallel state (`…StateFailed`) of every
    /// level a thread is nested in, each linked to the failure below it; the id of the last one.
    mutating func recordAncestorsFailed(_ id: Int, after failure: Int) -> Int {
        var child = id
        var last = failure
        while let t = state.threads[child], let link = t.parent, let fan = state.fans[link.fan],
            let owner = state.threads[fan.owner]
        {
            if fan.isMap {
                appendAborted(
                    .mapIterationFailed, previous: last, key: "mapIterationFailedEventDetails", index: link.slot,
                    name: machine[owner.address].name)
            }
            let failed = state.nextEventId
            appendAborted(fan.isMap ? .mapStateFailed : .parallelStateFailed, previous: last)
            last = failed
            child = fan.owner
        }
        return last
    }

    /// The field an evaluation error names (`location` of EvaluationFailed): `Items` in "…specified for the
    /// field 'Items'…", `Timestamp` in "The Timestamp field cannot be parsed…".
    static func evaluationLocation(_ cause: String?) -> String? {
        guard let cause else { return nil }
        if let start = cause.range(of: "specified for the field '") {
            let rest = cause[start.upperBound...]
            if let end = rest.firstIndex(of: "'") { return String(rest[..<end]) }
        }
        if cause.hasPrefix("The "), let end = cause.range(of: " field ") {
            let name = cause[cause.index(cause.startIndex, offsetBy: 4)..<end.lowerBound]
            if !name.isEmpty, !name.contains(" ") { return String(name) }
        }
        return nil
    }

    /// An error that retriers and catchers have already declined.
    mutating func handleErrorWithoutRecovery(_ id: Int, _ error: StatesError) {
        guard let t = state.threads[id] else { return }
        if error.error == StatesErrorName.runtime || error.error == StatesErrorName.dataLimitExceeded {
            handleError(id, error)
            return
        }
        _ = t
        failThread(id, error)
    }

    static func matches(_ names: [String], _ error: String) -> Bool {
        for n in names {
            if n == error { return true }
            if n == StatesErrorName.all, error != StatesErrorName.runtime { return true }
            if n == StatesErrorName.taskFailed, error != StatesErrorName.timeout, error != StatesErrorName.runtime,
                !error.hasPrefix("States.") || error == StatesErrorName.taskFailed
            {
                return true
            }
        }
        return false
    }

    mutating func tryRetry(_ id: Int, _ t: ThreadState, _ st: State, _ error: StatesError) -> Bool {
        guard !st.retry.isEmpty,
            let index = st.retry.firstIndex(where: { Self.matches($0.errorEquals, error.error) })
        else { return false }
        let r = st.retry[index]
        let attempts = index < t.retryCounts.count ? t.retryCounts[index] : 0
        guard attempts < r.maxAttempts else { return false }
        var delay = r.intervalSeconds
        for _ in 0..<attempts { delay *= r.backoffRate }
        if let m = r.maxDelaySeconds { delay = min(delay, m) }
        // Cap at a year: a longer back-off could never end inside a Standard execution anyway.
        if !delay.isFinite || delay > 31_622_400 { delay = 31_622_400 }
        if r.jitterFull { delay = Double.random(in: 0...delay, using: &rng) }
        update(id) {
            if index < $0.retryCounts.count { $0.retryCounts[index] += 1 }
        }
        if recoveries != nil {
            recoveries?.append(Recovery(error: error, retryIndex: index, catchIndex: nil, backoffSeconds: delay))
        }
        let millis = Int((delay * 1000).rounded())
        let due = Timestamp(epochMilliseconds: now.epochMilliseconds + millis)
        let timer = state.allocateId()
        state.timers[timer] = PendingTimer(thread: id, purpose: .retry, due: due)
        commands.append(.startTimer(id: timer, due: due))
        update(id) { $0.phase = .retryDelay(timer) }
        return true
    }

    mutating func tryCatch(_ id: Int, _ t: ThreadState, _ st: State, _ error: StatesError) -> Bool {
        guard let index = st.catchers.firstIndex(where: { Self.matches($0.errorEquals, error.error) }) else { return false }
        let c = st.catchers[index]
        if recoveries != nil {
            recoveries?.append(Recovery(error: error, retryIndex: nil, catchIndex: index, backoffSeconds: nil))
        }
        let errorJSON = JSON.object(error.output)
        do throws(StatesError) {
            let assigned = try evaluateAssign(c.assign, value: errorJSON, t, errorOutput: errorJSON)
            let out =
                st.queryLanguage == .jsonata
                ? try jsonataOutput(c.output, fallback: errorJSON, t, errorOutput: errorJSON)
                : try applyResultPath(c.resultPath, raw: t.input, result: errorJSON)
            applyAssignments(id, assigned)
            exitState(id, output: out, assigned: assigned)
            update(id) { $0.phase = .entering }
            transition(id, to: c.next, output: out)
            runnable.append(id)
        } catch {
            failExecution(StatesError(error.error, cause: runtimeCause(t, error.cause)), previous: t.lastEventId)
        }
        return true
    }

    // MARK: Thread ends

    /// A thread reached an end: the execution succeeds, or its branch or iteration does.
    mutating func finishThread(_ id: Int, output: JSON) {
        guard let t = state.threads[id] else { return }
        state.threads[id] = nil
        guard let parent = t.parent else {
            succeedExecution(output: output, previous: t.lastEventId)
            return
        }
        childSucceeded(parent, output: output, child: t)
    }

    /// A thread failed with no retry or catch left: the execution fails, or its branch or iteration does.
    mutating func failThread(_ id: Int, _ error: StatesError) {
        guard let t = state.threads[id] else { return }
        guard let parent = t.parent else {
            failExecution(error, previous: t.lastEventId)
            return
        }
        state.threads[id] = nil
        childFailed(parent, error: error, child: t)
    }

    // MARK: Timers

    mutating func timerFired(_ timer: Int) {
        guard let pending = state.timers.removeValue(forKey: timer) else { return }
        switch pending.purpose {
        case .executionTimeout:
            timeOutExecution()
        case .wait:
            guard let id = pending.thread else { return }
            do throws(StatesError) {
                try finishWait(id)
            } catch {
                handleError(id, error)
            }
            if let id = pending.thread { runnable.append(id) }
        case .retry:
            guard let id = pending.thread, let t = state.threads[id] else { return }
            update(id) { $0.phase = .entering }
            let st = machine[t.address]
            // Parallel and Map record `…StateStarted` again; a Task schedules again.
            execute(id)
            _ = st
            if let t2 = state.threads[id], case .entering = t2.phase { runnable.append(id) }
        case .taskTimeout(let task):
            taskTimedOut(task, error: StatesError(StatesErrorName.timeout, cause: nil))
        case .heartbeatTimeout(let task):
            taskTimedOut(task, error: StatesError(StatesErrorName.heartbeatTimeout, cause: nil))
        }
    }
}
