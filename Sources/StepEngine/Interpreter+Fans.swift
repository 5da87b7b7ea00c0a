import StepJSON
import StepLanguage

extension Interpreter {
    // MARK: Parallel

    mutating func startParallel(_ id: Int, _ t: ThreadState, _ st: State, _ spec: ParallelSpec) throws(StatesError) {
        let eff = try effectiveInput(t, st)
        emit(.parallelStateStarted, nil, JSONObject(), thread: id)
        let fanId = state.allocateId()
        state.fans[fanId] = FanState(
            id: fanId, owner: id, isMap: false, items: [],
            results: Array(repeating: nil, count: spec.branches.count), maxConcurrency: 0, processor: 0,
            branches: spec.branches, effectiveInput: eff)
        update(id) {
            $0.phase = .waitingFan(fanId)
            $0.effectiveInput = eff
        }
        startChildren(fanId)
    }

    // MARK: Map

    mutating func startMap(_ id: Int, _ t: ThreadState, _ st: State, _ spec: MapSpec) throws(StatesError) {
        let eff = try applyInputPath(t, st)
        let env = environment(t)
        var itemsValue = eff
        let fromReader = spec.mode == .distributed && spec.itemReader != nil
        if fromReader {
            itemsValue = .array([])
        } else if case .path(let p)? = spec.itemsPath {
            guard let v = p.resolve(input: eff, environment: env) else {
                throw StatesError.runtime("Invalid path '\(p.text)' : \(p.missingDescription(in: eff))")
            }
            itemsValue = v
        } else if let items = spec.items {
            itemsValue = try items.evaluate(input: eff, environment: env, random: &rng)
            if case .jsonata(let expression, let field) = items, itemsValue.arrayValue == nil {
                throw StatesError(
                    StatesErrorName.queryEvaluationError,
                    cause:
                        "The JSONata expression '\(expression.source)' specified for the field '\(field)' returned an unexpected result type. Expected 'array', but was '\(itemsValue.typeName)' for value: \(itemsValue.serialized())"
                )
            }
        }
        guard case .array(let items) = itemsValue else {
            throw StatesError.runtime("Map state input must be an array but was: \(itemsValue.serialized())")
        }
        let maxConcurrency = try mapInteger(spec.maxConcurrency, "MaxConcurrency", eff, t) ?? 0
        emit(.mapStateStarted, "mapStateStartedEventDetails", ["length": .int(items.count)], thread: id)
        let toleratedCount = try mapInteger(spec.toleratedFailureCount, "ToleratedFailureCount", eff, t)
        if let c = toleratedCount, c < 0 { throw StatesError.runtime("ToleratedFailureCount cannot be negative.") }
        var percentage: Double?
        switch spec.toleratedFailurePercentage {
        case nil: break
        case .literal(let j)?: percentage = j.doubleValue
        case .path(let p)?:
            guard let r = p.resolve(input: eff, environment: env) else {
                throw StatesError.runtime("Invalid path '\(p.text)' : \(p.missingDescription(in: eff))")
            }
            guard let d = r.doubleValue ?? r.stringValue.flatMap(Double.init) else {
                throw StatesError.runtime(
                    "The ToleratedFailurePercentagePath field refers to value \"\(r.stringValue ?? r.serialized())\" which is not a valid float: \(p.text)"
                )
            }
            percentage = d
        case .template(let tpl)?:
            percentage = try tpl.evaluate(input: eff, environment: env, random: &rng).doubleValue
        }
        if let p = percentage, p < 0 || p > 100 {
            throw StatesError.runtime("ToleratedFailurePercentage must be between 0 and 100.")
        }
        if spec.mode == .distributed {
            try startMapRun(
                id, t, st, spec, eff: eff, items: fromReader ? nil : items, maxConcurrency: maxConcurrency,
                toleratedCount: toleratedCount, percentage: percentage)
            return
        }
        let fanId = state.allocateId()
        state.fans[fanId] = FanState(
            id: fanId, owner: id, isMap: true, items: items,
            results: Array(repeating: nil, count: items.count), maxConcurrency: maxConcurrency,
            toleratedCount: toleratedCount, toleratedPercentage: percentage, processor: spec.processor, branches: [],
            effectiveInput: eff)
        update(id) {
            $0.phase = .waitingFan(fanId)
            $0.effectiveInput = eff
        }
        if items.isEmpty {
            completeFan(fanId)
        } else {
            startChildren(fanId)
        }
    }

    mutating func mapInteger(_ v: DynamicValue?, _ field: String, _ input: JSON, _ t: ThreadState) throws(StatesError) -> Int? {
        switch v {
        case nil: return nil
        case .literal(let j)?: return j.intValue
        case .path(let p)?:
            guard let r = p.resolve(input: input, environment: environment(t)) else {
                throw StatesError.runtime("Invalid path '\(p.text)' : \(p.missingDescription(in: input))")
            }
            var parsed: Int?
            if case .int(let n) = r { parsed = n } else if case .string(let s) = r { parsed = Int(s) }
            guard let n = parsed else {
                throw StatesError.runtime(
                    "The \(field)Path field refers to value \"\(r.stringValue ?? r.serialized())\" which is not a valid integer: \(p.text)")
            }
            return n
        case .template(let tpl)?:
            let r = try tpl.evaluate(input: input, environment: environment(t), random: &rng)
            return r.intValue
        }
    }

    // MARK: Children

    /// Starts as many children as the fan's concurrency allows, pushing them so the first runs first.
    mutating func startChildren(_ fanId: Int) {
        guard let ownerId = state.fans[fanId]?.owner, let owner = state.threads[ownerId],
            var fan = state.fans.removeValue(forKey: fanId)
        else { return }
        let total = fan.isMap ? fan.items.count : fan.branches.count
        var started: [Int] = []
        while fan.nextToStart < total, fan.maxConcurrency == 0 || fan.running.count < fan.maxConcurrency {
            let slot = fan.nextToStart
            fan.nextToStart += 1
            let scope = state.allocateId()
            state.scopes[scope] = VariableScope(parent: owner.scope)
            let childId = state.allocateId()
            let processor = machine.processors[fan.isMap ? fan.processor : fan.branches[slot]]
            var child = ThreadState(
                id: childId, address: StateAddress(processor: processor.index, state: processor.startAt),
                input: fan.isMap ? fan.items[slot] : fan.effectiveInput, scope: scope,
                parent: ParentLink(fan: fanId, slot: slot), enteredTime: now)
            child.lastEventId = owner.lastEventId
            child.pendingIterationStart = fan.isMap
            fan.running.insert(childId)
            state.threads[childId] = child
            started.append(childId)
        }
        state.fans[fanId] = fan
        for childId in started {
            guard fan.isMap, let child = state.threads[childId], let slot = child.parent?.slot else { continue }
            // ItemSelector sees the Map's effective input as `$` and the item in `$$.Map.Item`.
            let st = machine[owner.address]
            if case .map(let spec) = st.kind, let selector = spec.itemSelector {
                let item = MapItem(index: slot, value: fan.items[slot])
                do throws(StatesError) {
                    let v = try selector.evaluate(
                        input: fan.effectiveInput, environment: environment(owner, mapItem: item), random: &rng)
                    update(childId) { $0.input = v }
                } catch {
                    handleError(fan.owner, error)
                    return
                }
            }
        }
        for childId in started.reversed() { runnable.append(childId) }
    }
}
