import StepJSON
import StepLanguage

extension Interpreter {
    /// Changes a thread in place (no copy of its data).
    mutating func update(_ id: Int, _ body: (inout ThreadState) -> Void) {
        state.threads[id]?.mutate(body)
    }

    mutating func runThread(_ id: Int) {
        while state.status == .running, let t = state.threads[id], case .entering = t.phase, withinHistoryLimit() {
            if t.pendingIterationStart, let link = t.parent, let fan = state.fans[link.fan],
                let owner = state.threads[fan.owner]
            {
                let chain = fan.lastChildEvent ?? owner.lastEventId
                update(id) {
                    $0.pendingIterationStart = false
                    $0.lastEventId = chain
                }
                emit(
                    .mapIterationStarted, "mapIterationStartedEventDetails", thread: id, index: link.slot,
                    name: machine[owner.address].name)
                let last = state.lastEventId
                update(fan.owner) { $0.lastEventId = last }
            }
            enterState(id)
        }
    }

    /// Records `…StateEntered` and runs the state.
    mutating func enterState(_ id: Int) {
        guard let t = state.threads[id] else { return }
        let st = machine[t.address]
        let time = now
        update(id) {
            $0.enteredTime = time
            $0.retryCounts = st.retry.isEmpty ? [] : Array(repeating: 0, count: st.retry.count)
            $0.taskToken = nil
            $0.effectiveInput = nil
        }
        let eid = emit(
            st.enteredEventType, "stateEnteredEventDetails", thread: id, payload: EventPayload("input", t.input),
            name: st.name)
        update(id) { $0.enteredEventId = eid }
        execute(id)
    }

    /// Runs the body of the thread's current state (again, on a retry).
    mutating func execute(_ id: Int) {
        guard let t = state.threads[id] else { return }
        let st = machine[t.address]
        do throws(StatesError) {
            switch st.kind {
            case .pass(let result):
                let eff = try effectiveInput(t, st)
                try completeState(id, result: result ?? eff, effective: eff)
            case .succeed:
                let eff = try applyInputPath(t, st)
                let out =
                    st.queryLanguage == .jsonata
                    ? try jsonataOutput(st.output, fallback: eff, t) : try applyOutputPath(eff, t, st)
                exitState(id, output: out, assigned: nil)
                finishThread(id, output: out)
            case .fail(let spec):
                try runFail(id, t, st, spec)
            case .choice(let spec):
                try runChoice(id, t, st, spec)
            case .wait(let spec):
                try runWait(id, t, st, spec)
            case .task(let spec):
                try scheduleTask(id, t, st, spec)
            case .parallel(let spec):
                try startParallel(id, t, st, spec)
            case .map(let spec):
                try startMap(id, t, st, spec)
            }
        } catch {
            handleError(id, error)
        }
    }

    // MARK: Data flow

    func applyInputPath(_ t: ThreadState, _ st: State) throws(StatesError) -> JSON {
        switch st.inputPath {
        case nil: return t.input
        case .null?: return .object(JSONObject())
        case .path(let p)?:
            if p.isRoot { return t.input }
            guard let v = p.resolve(input: t.input, environment: environment(t)) else {
                let doc = p.document(input: t.input, environment: environment(t)) ?? .null
                throw StatesError.runtime("Invalid path '\(p.text)' : \(p.missingDescription(in: doc))")
            }
            return v
        }
    }

    /// InputPath, then Parameters.
    mutating func effectiveInput(_ t: ThreadState, _ st: State) throws(StatesError) -> JSON {
        if st.queryLanguage == .jsonata {
            guard let args = st.arguments else { return t.input }
            return try args.evaluate(input: t.input, environment: environment(t), random: &rng)
        }
        let afterPath = try applyInputPath(t, st)
        guard let params = st.parameters else { return afterPath }
        return try params.evaluate(input: afterPath, environment: environment(t), random: &rng)
    }

    func applyOutputPath(_ value: JSON, _ t: ThreadState, _ st: State) throws(StatesError) -> JSON {
        switch st.outputPath {
        case nil: return value
        case .null?: return .object(JSONObject())
        case .path(let p)?:
            if p.isRoot { return value }
            guard let v = p.resolve(input: value, environment: environment(t)) else {
                let doc = p.document(input: value, environment: environment(t)) ?? .null
                throw StatesError.runtime("Invalid path '\(p.text)' : \(p.missingDescription(in: doc))")
            }
            return v
        }
    }

    func applyResultPath(_ path: OptionalPath?, raw: JSON, result: JSON) throws(StatesError) -> JSON {
        switch path {
        case nil: return result
        case .null?: return raw
        case .path(let p)?:
            if p.isRoot { return result }
            do {
                return try p.setting(result, in: raw)
            } catch {
                throw StatesError(
                    StatesErrorName.resultPathMatchFailure,
                    cause: "Unable to apply ResultPath \"\(p.text)\" to input \"\(raw.serialized())\"")
            }
        }
    }

    /// Evaluates `Assign` against `value`; the variables are set after the state's output is known.
    mutating func evaluateAssign(
        _ template: Template?, value: JSON, _ t: ThreadState, result: JSON? = nil, errorOutput: JSON? = nil
    ) throws(StatesError) -> JSONObject? {
        guard let template else { return nil }
        let evaluated: JSON
        if machine[t.address].queryLanguage == .jsonata {
            evaluated = try template.evaluate(
                input: t.input, environment: environment(t, result: result, errorOutput: errorOutput), random: &rng)
        } else {
            evaluated = try template.evaluate(input: value, environment: environment(t), random: &rng)
        }
        guard case .object(let o) = evaluated else { return nil }
        // AWS's limit: the values one Assign sets together are at most 256 KiB.
        if evaluated.serializedSizeExceeds(Self.payloadLimit) {
            throw StatesError(
                StatesErrorName.dataLimitExceeded,
                cause:
                    "The state/task '\(machine[t.address].name)' assigned variables with a size exceeding the maximum number of bytes service limit."
            )
        }
        return o
    }

    /// JSONata's `Output`: evaluated with `$states.input` (and `result`/`errorOutput`), or `fallback` when absent.
    mutating func jsonataOutput(
        _ template: Template?, fallback: JSON, _ t: ThreadState, result: JSON? = nil, errorOutput: JSON? = nil
    ) throws(StatesError) -> JSON {
        guard let template else { return fallback }
        return try template.evaluate(
            input: t.input, environment: environment(t, result: result, errorOutput: errorOutput), random: &rng)
    }

    mutating func applyAssignments(_ id: Int, _ values: JSONObject?) {
        guard let values, let t = state.threads[id], var scope = state.scopes[t.scope] else { return }
        for (k, v) in values { scope.values[k] = v }
        state.scopes[t.scope] = scope
    }

    /// The common tail of Pass, Task, Parallel and Map: ResultSelector (not for Pass), ResultPath, Assign,
    /// OutputPath, `…StateExited`, then the next state.
    mutating func completeState(_ id: Int, result: JSON, effective: JSON, selector: Bool = false) throws(StatesError) {
        guard let t = state.threads[id] else { return }
        let st = machine[t.address]
        if st.queryLanguage == .jsonata {
            let isPass: Bool
            if case .pass = st.kind { isPass = true } else { isPass = false }
            let stateResult: JSON? = isPass ? nil : result
            let assigned = try evaluateAssign(st.assign, value: result, t, result: stateResult)
            let out = try jsonataOutput(st.output, fallback: result, t, result: stateResult)
            applyAssignments(id, assigned)
            try checkSize(out, st)
            exitState(id, output: out, assigned: assigned)
            transition(id, to: st.next, output: out)
            return
        }
        var result = result
        if selector, let rs = st.resultSelector {
            result = try rs.evaluate(input: result, environment: environment(t), random: &rng)
        }
        let assigned = try evaluateAssign(st.assign, value: result, t)
        let combined = try applyResultPath(st.resultPath, raw: t.input, result: result)
        // OutputPath still sees the variables as they were when the state began; the new values take
        // effect from the next state.
        let out = try applyOutputPath(combined, t, st)
        applyAssignments(id, assigned)
        try checkSize(out, st)
        exitState(id, output: out, assigned: assigned)
        transition(id, to: st.next, output: out)
    }

    /// AWS's 256 KiB limit on what a state hands on.
    func checkSize(_ value: JSON, _ st: State) throws(StatesError) {
        if value.serializedSizeExceeds(Self.payloadLimit) {
            throw StatesError(
                StatesErrorName.dataLimitExceeded,
                cause: "The state/task '\(st.name)' returned a result with a size exceeding the maximum number of bytes service limit.")
        }
    }

    static let payloadLimit = 262_144

    mutating func exitState(_ id: Int, output: JSON, assigned: JSONObject?) {
        guard let t = state.threads[id] else { return }
        let st = machine[t.address]
        guard let exited = st.exitedEventType else { return }
        emit(
            exited, "stateExitedEventDetails", thread: id, payload: EventPayload("output", output),
            assigned: assigned, name: st.name)
    }

    /// Moves a thread to `next`, or ends it when there is none.
    mutating func transition(_ id: Int, to next: Int?, output: JSON) {
        guard let next else {
            finishThread(id, output: output)
            return
        }
        update(id) {
            $0.address.state = next
            $0.input = output
            $0.phase = .entering
        }
    }

    // MARK: Simple states

    mutating func runFail(_ id: Int, _ t: ThreadState, _ st: State, _ spec: FailSpec) throws(StatesError) {
        func value(_ v: DynamicValue?, _ field: String, _ me: inout Interpreter) throws(StatesError) -> String? {
            switch v {
            case nil: return nil
            case .literal(let j)?: return j.stringValue
            case .path(let p)?:
                guard let r = p.resolve(input: t.input, environment: me.environment(t)) else {
                    throw StatesError.runtime(
                        "The JSONPath '\(p.text)' specified for the field '\(field)' could not be found in the input '\(t.input.serialized())'"
                    )
                }
                return r.stringValue ?? r.serialized()
            case .template(let tpl)?:
                let r = try tpl.evaluate(input: t.input, environment: me.environment(t), random: &me.rng)
                return r.stringValue ?? r.serialized()
            }
        }
        let error = try value(spec.error, "ErrorPath", &self)
        let cause = try value(spec.cause, "CausePath", &self)
        failThread(id, StatesError(error ?? "", cause: cause))
    }

    mutating func runChoice(_ id: Int, _ t: ThreadState, _ st: State, _ spec: ChoiceSpec) throws(StatesError) {
        let eff = try applyInputPath(t, st)
        let env = environment(t)
        var target: Int?
        var branchAssign: Template?
        var branchOutput: Template? = st.output
        for branch in spec.choices where try matches(branch.rule, eff, t, env) {
            target = branch.next
            branchAssign = branch.assign
            if branch.output != nil { branchOutput = branch.output }
            break
        }
        if target == nil {
            guard let d = spec.defaultNext else {
                throw StatesError(
                    StatesErrorName.noChoiceMatched,
                    cause: "No Matches!")
            }
            target = d
            branchAssign = st.assign
        }
        let assigned = try evaluateAssign(branchAssign, value: eff, t)
        let out =
            st.queryLanguage == .jsonata
            ? try jsonataOutput(branchOutput, fallback: eff, t) : try applyOutputPath(eff, t, st)
        applyAssignments(id, assigned)
        exitState(id, output: out, assigned: assigned)
        transition(id, to: target, output: out)
    }

    /// A Choice rule: JSONPath comparisons, or a JSONata `Condition` that must give a Boolean.
    mutating func matches(_ rule: ChoiceRule, _ input: JSON, _ t: ThreadState, _ env: ThreadEnvironment) throws(StatesError) -> Bool {
        guard case .condition(let tpl) = rule else { return try rule.matches(input: input, environment: env) }
        let v = try tpl.evaluate(input: t.input, environment: env, random: &rng)
        guard case .bool(let b) = v else {
            var source = ""
            if case .jsonata(let e, _) = tpl { source = e.source }
            throw StatesError(
                StatesErrorName.queryEvaluationError,
                cause:
                    "The JSONata expression '\(source)' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '\(v.typeName)' for value: \(v.serialized())"
            )
        }
        return b
    }

    mutating func runWait(_ id: Int, _ t: ThreadState, _ st: State, _ spec: WaitSpec) throws(StatesError) {
        let eff = try applyInputPath(t, st)
        let due: Timestamp
        switch spec {
        case .seconds(let v):
            let seconds: Int
            switch v {
            case .literal(let j): seconds = j.intValue ?? 0
            case .path(let p):
                guard let r = p.resolve(input: eff, environment: environment(t)) else {
                    throw StatesError.runtime("Invalid path '\(p.text)' : \(p.missingDescription(in: eff))")
                }
                guard case .int(let n) = r else {
                    throw StatesError.runtime(
                        "The SecondsPath parameter cannot be parsed as a long value: \(p.text) == \(r.serialized())")
                }
                guard n >= 0 else {
                    throw StatesError.runtime(
                        "The SecondsPath parameter references a negative value: \(p.text) == \(r.serialized())")
                }
                seconds = n
            case .template(let tpl):
                let r = try tpl.evaluate(input: eff, environment: environment(t), random: &rng)
                guard let n = r.intValue, r.isNumber, n >= 0 else {
                    throw StatesError.runtime("The Seconds field must be a non-negative integer: \(r.serialized())")
                }
                seconds = n
            }
            guard seconds <= Int(Int32.max) else { throw StatesError.runtime("Wait state delay is too long.") }
            due = now.adding(seconds: seconds)
        case .timestamp(let v):
            switch v {
            case .literal(let j):
                due = j.stringValue.flatMap(Timestamp.parse) ?? now
            case .path(let p):
                guard let r = p.resolve(input: eff, environment: environment(t)) else {
                    throw StatesError.runtime("Invalid path '\(p.text)' : \(p.missingDescription(in: eff))")
                }
                guard let s = r.stringValue, let ts = Timestamp.parse(s) else {
                    let shown = r.stringValue ?? r.serialized()
                    throw StatesError.runtime(
                        "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: \(p.text) == \(shown)"
                    )
                }
                due = ts
            case .template(let tpl):
                let r = try tpl.evaluate(input: eff, environment: environment(t), random: &rng)
                guard let s = r.stringValue, let ts = Timestamp.parse(s) else {
                    throw StatesError.runtime(
                        "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: \(r.stringValue ?? r.serialized())"
                    )
                }
                due = ts
            }
            // AWS keeps due times in 32-bit epoch seconds: anything past 2038-01-19 is too far.
            guard due.seconds - now.seconds <= Int(Int32.max), due.seconds <= Int(Int32.max) else {
                throw StatesError.runtime("Wait state delay is too long.")
            }
        }
        update(id) { $0.effectiveInput = eff }
        if due <= now {
            try finishWait(id)
            return
        }
        let timer = state.allocateId()
        state.timers[timer] = PendingTimer(thread: id, purpose: .wait, due: due)
        commands.append(.startTimer(id: timer, due: due))
        update(id) { $0.phase = .waitingTimer(timer) }
    }

    mutating func finishWait(_ id: Int) throws(StatesError) {
        guard let t = state.threads[id] else { return }
        let st = machine[t.address]
        let eff = t.effectiveInput ?? t.input
        let assigned = try evaluateAssign(st.assign, value: eff, t)
        let out =
            st.queryLanguage == .jsonata
            ? try jsonataOutput(st.output, fallback: eff, t) : try applyOutputPath(eff, t, st)
        applyAssignments(id, assigned)
        exitState(id, output: out, assigned: assigned)
        transition(id, to: st.next, output: out)
    }
}
