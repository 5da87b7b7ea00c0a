import StepJSON
import StepLanguage

extension Interpreter {
    func resolveSeconds(_ v: DynamicValue?, _ field: String, input: JSON, _ t: ThreadState) throws(StatesError) -> Int? {
        switch v {
        case nil: return nil
        case .literal(let j)?: return j.intValue
        case .path(let p)?:
            guard let r = p.resolve(input: input, environment: environment(t)) else {
                throw StatesError.runtime("Invalid path '\(p.text)' : \(p.missingDescription(in: input))")
            }
            guard let n = r.intValue, r.isNumber, n > 0, n <= Self.maximumSeconds else {
                throw StatesError.runtime(
                    "The \(field)Path field refers to value \"\(r.serialized())\" which is not a valid integer: \(p.text)")
            }
            return n
        case .template(let tpl)?:
            var g = SplitMix64(seed: 0)
            let r = try tpl.evaluate(input: input, environment: environment(t), random: &g)
            guard let n = r.intValue, r.isNumber, n > 0, n <= Self.maximumSeconds else {
                throw StatesError(
                    StatesErrorName.queryEvaluationError,
                    cause: "The \(field) field must be a positive integer: \(r.serialized())")
            }
            return n
        }
    }

    mutating func scheduleTask(_ id: Int, _ t: ThreadState, _ st: State, _ spec: TaskSpec) throws(StatesError) {
        let kind = ResourceKind(spec.resource)
        var token: String?
        if kind.isWaitForTaskToken {
            token = t.taskToken ?? rng.uuid()
            update(id) { $0.taskToken = token }
        } else if case .activity = kind {
            // A fresh token per attempt, for the worker that takes the task; not in `$$.Task.Token`.
            token = rng.uuid()
        }
        let current = state.threads[id] ?? t
        let afterPath = try applyInputPath(current, st)
        let timeout = try resolveSeconds(spec.timeoutSeconds, "TimeoutSeconds", input: afterPath, current)
        let heartbeat = try resolveSeconds(spec.heartbeatSeconds, "HeartbeatSeconds", input: afterPath, current)
        var input = afterPath
        if st.queryLanguage == .jsonata {
            input = try effectiveInput(current, st)
        } else if let params = st.parameters {
            input = try params.evaluate(input: afterPath, environment: environment(current), random: &rng)
        }
        let taskId = state.allocateId()
        let request = TaskRequest(
            id: taskId, resource: spec.resource, input: input, stateName: st.name, timeoutSeconds: timeout,
            heartbeatSeconds: heartbeat, taskToken: token, credentials: spec.credentials,
            executionArn: state.info.executionArn)
        var pending = PendingTask(thread: id, request: request, lambdaStyle: false)
        switch kind {
        case .lambdaFunction:
            var d: JSONObject = ["resource": .string(spec.resource)]
            if let timeout { d["timeoutInSeconds"] = .int(timeout) }
            emit(
                .lambdaFunctionScheduled, "lambdaFunctionScheduledEventDetails", d, thread: id,
                payload: EventPayload("input", input))
            emit(.lambdaFunctionStarted, nil, JSONObject(), thread: id)
        case .activity:
            var d: JSONObject = ["resource": .string(spec.resource)]
            if let timeout { d["timeoutInSeconds"] = .int(timeout) }
            if let heartbeat { d["heartbeatInSeconds"] = .int(heartbeat) }
            emit(
                .activityScheduled, "activityScheduledEventDetails", d, thread: id, payload: EventPayload("input", input))
        case .service(let type, let resource):
            var d = JSONObject(minimumCapacity: 6)
            d["resourceType"] = .string(type)
            d["resource"] = .string(resource)
            d["region"] = .string(ARN(parsing: state.info.stateMachineArn)?.region ?? "us-east-1")
            if let timeout { d["timeoutInSeconds"] = .int(timeout) }
            if let heartbeat { d["heartbeatInSeconds"] = .int(heartbeat) }
            emit(
                .taskScheduled, "taskScheduledEventDetails", d, thread: id,
                payload: EventPayload("parameters", input, hasDetails: false))
            emit(.taskStarted, "taskStartedEventDetails", ["resourceType": .string(type), "resource": .string(resource)], thread: id)
        }
        pending.lambdaStyle = true
        if let timeout {
            let timer = state.allocateId()
            let due = now.adding(seconds: timeout)
            state.timers[timer] = PendingTimer(thread: id, purpose: .taskTimeout(task: taskId), due: due)
            commands.append(.startTimer(id: timer, due: due))
            pending.timeoutTimer = timer
        }
        if let heartbeat {
            let timer = state.allocateId()
            let due = now.adding(seconds: heartbeat)
            state.timers[timer] = PendingTimer(thread: id, purpose: .heartbeatTimeout(task: taskId), due: due)
            commands.append(.startTimer(id: timer, due: due))
            pending.heartbeatTimer = timer
        }
        state.tasks[taskId] = pending
        update(id) {
            $0.phase = .waitingTask(taskId)
            $0.effectiveInput = input
        }
        commands.append(.runTask(request))
    }

    /// AWS's largest timeout or heartbeat, in seconds.
    static let maximumSeconds = 99_999_999

    /// Removes a finished task and its timers.
    mutating func takeTask(_ taskId: Int) -> PendingTask? {
        guard let p = state.tasks.removeValue(forKey: taskId) else { return nil }
        for timer in [p.timeoutTimer, p.heartbeatTimer].compactMap({ $0 }) {
            state.timers[timer] = nil
            commands.append(.cancelTimer(timer))
        }
        return p
    }

    mutating func taskSucceeded(_ taskId: Int, _ output: JSON) {
        if output.serializedSizeExceeds(Self.payloadLimit), let p = state.tasks[taskId] {
            // AWS names the integration (`lambda`) in this cause, not the state.
            var who: String
            switch ResourceKind(p.request.resource) {
            case .service(let type, _): who = type
            // A bare function ARN is named by its ARN; `lambda:invoke` by its service.
            case .lambdaFunction: who = p.request.resource
            case .activity: who = p.request.stateName
            }
            if p.mapRun == true { who = p.request.stateName }
            taskFailed(
                taskId,
                StatesError(
                    StatesErrorName.dataLimitExceeded,
                    cause: "The state/task '\(who)' returned a result with a size exceeding the maximum number of bytes service limit."),
                catchable: true)
            return
        }
        guard let p = takeTask(taskId), let t = state.threads[p.thread] else { return }
        if p.mapRun == true {
            mapRunSucceeded(p, output)
            return
        }
        let kind = ResourceKind(p.request.resource)
        switch kind {
        case .lambdaFunction, .activity:
            emit(
                kind.events.succeeded, kind.events.succeededDetails, JSONObject(),
                thread: p.thread, payload: EventPayload("output", output))
        case .service(let type, let resource):
            emit(
                .taskSucceeded, "taskSucceededEventDetails",
                ["resourceType": .string(type), "resource": .string(resource)], thread: p.thread,
                payload: EventPayload("output", output))
        }
        update(p.thread) { $0.phase = .entering }
        do throws(StatesError) {
            try completeState(p.thread, result: output, effective: t.effectiveInput ?? t.input, selector: true)
        } catch {
            handleError(p.thread, error)
        }
        runnable.append(p.thread)
    }

    mutating func taskFailed(_ taskId: Int, _ error: StatesError, catchable: Bool = false) {
        guard let p = takeTask(taskId) else { return }
        if p.mapRun == true {
            mapRunFailed(p, error)
            return
        }
        let kind = ResourceKind(p.request.resource)
        var d = Details.errorCause(error.error, error.cause)
        if case .service(let type, let resource) = kind {
            d["resourceType"] = .string(type)
            d["resource"] = .string(resource)
        }
        emit(kind.events.failed, kind.events.failedDetails, d, thread: p.thread)
        update(p.thread) { $0.phase = .entering }
        handleError(p.thread, error, recoverable: catchable)
        runnable.append(p.thread)
    }

    mutating func taskTimedOut(_ taskId: Int, error: StatesError) {
        guard let p = takeTask(taskId) else { return }
        commands.append(.cancelTask(taskId))
        let kind = ResourceKind(p.request.resource)
        var d = Details.errorCause(error.error, error.cause)
        if case .service(let type, let resource) = kind {
            d["resourceType"] = .string(type)
            d["resource"] = .string(resource)
        }
        emit(kind.events.timedOut, kind.events.timedOutDetails, d, thread: p.thread)
        update(p.thread) { $0.phase = .entering }
        handleError(p.thread, error)
        runnable.append(p.thread)
    }

    /// AWS records `TaskSubmitted` with the service's answer; the state keeps waiting for the callback.
    mutating func taskSubmitted(_ taskId: Int, _ output: JSON) {
        guard let p = state.tasks[taskId], p.mapRun != true,
            case .service(let type, let resource) = ResourceKind(p.request.resource)
        else {
            return
        }
        emit(
            .taskSubmitted, "taskSubmittedEventDetails", ["resourceType": .string(type), "resource": .string(resource)],
            thread: p.thread, payload: EventPayload("output", output))
    }

    /// A worker took an activity task: AWS records `ActivityStarted` with the worker's name, and the
    /// heartbeat interval counts from here.
    mutating func taskStarted(_ taskId: Int, workerName: String?) {
        guard var p = state.tasks[taskId], case .activity = ResourceKind(p.request.resource), p.started != true else {
            return
        }
        p.started = true
        state.tasks[taskId] = p
        var d = JSONObject()
        if let workerName { d["workerName"] = .string(workerName) }
        emit(.activityStarted, "activityStartedEventDetails", d, thread: p.thread)
        taskHeartbeat(taskId)
    }

    mutating func taskHeartbeat(_ taskId: Int) {
        guard var p = state.tasks[taskId], let old = p.heartbeatTimer, let seconds = p.request.heartbeatSeconds else { return }
        state.timers[old] = nil
        commands.append(.cancelTimer(old))
        let timer = state.allocateId()
        let due = now.adding(seconds: seconds)
        state.timers[timer] = PendingTimer(thread: p.thread, purpose: .heartbeatTimeout(task: taskId), due: due)
        commands.append(.startTimer(id: timer, due: due))
        p.heartbeatTimer = timer
        state.tasks[taskId] = p
    }
}
