import StepJSON
import StepLanguage

extension Interpreter {
    /// Appends an event on behalf of a fan's owner, chained after `previous`.
    mutating func emitIterationEvent(_ owner: Int, _ type: HistoryEventType, _ key: String, slot: Int, previous: Int) {
        update(owner) { $0.lastEventId = previous }
        guard let o = state.threads[owner] else { return }
        emit(type, key, thread: owner, index: slot, name: machine[o.address].name)
    }

    mutating func childSucceeded(_ link: ParentLink, output: JSON, child: ThreadState) {
        guard let ownerId = state.fans[link.fan]?.owner, state.threads[ownerId] != nil,
            var fan = state.fans.removeValue(forKey: link.fan)
        else { return }
        fan.results[link.slot] = output
        fan.running.remove(child.id)
        fan.succeeded += 1
        if child.lastEventId > 0 { fan.lastChildEvent = child.lastEventId }
        state.fans[link.fan] = fan
        state.scopes[child.scope] = nil
        if fan.isMap {
            emitIterationEvent(
                fan.owner, .mapIterationSucceeded, "mapIterationSucceededEventDetails", slot: link.slot,
                previous: child.lastEventId)
        } else if !fan.isMap, child.lastEventId > 0 {
            // A Parallel state's exit follows the last event of the branch that finished last.
            update(fan.owner) { $0.lastEventId = child.lastEventId }
        }
        advanceFan(link.fan)
    }

    mutating func childFailed(_ link: ParentLink, error: StatesError, child: ThreadState) {
        guard let ownerId = state.fans[link.fan]?.owner, let owner = state.threads[ownerId],
            var fan = state.fans.removeValue(forKey: link.fan)
        else { return }
        fan.running.remove(child.id)
        if child.lastEventId > 0 { fan.lastChildEvent = child.lastEventId }
        state.scopes[child.scope] = nil
        state.fans[link.fan] = fan
        var lastEvent = child.lastEventId
        if fan.isMap {
            emitIterationEvent(
                fan.owner, .mapIterationFailed, "mapIterationFailedEventDetails", slot: link.slot,
                previous: child.lastEventId)
        }
        // The Task state whose failure ended the branch or iteration never exits: AWS records it aborted.
        if case .task = machine[child.address].kind, child.lastEventId > 0 {
            appendAborted(.taskStateAborted, previous: child.lastEventId)
        }
        if !fan.isMap {
            failFan(link.fan, error, previous: lastEvent)
            return
        }
        fan = state.fans.removeValue(forKey: link.fan) ?? fan
        fan.failed += 1
        fan.results[link.slot] = .object(error.output)
        state.fans[link.fan] = fan
        let total = fan.items.count
        var exceeded = true
        if fan.toleratedCount != nil || fan.toleratedPercentage != nil {
            exceeded = false
            if let c = fan.toleratedCount, fan.failed > c { exceeded = true }
            if let p = fan.toleratedPercentage, total > 0, Double(fan.failed) * 100 / Double(total) > p { exceeded = true }
        }
        if exceeded {
            let tolerated = fan.toleratedCount != nil || fan.toleratedPercentage != nil
            let err =
                tolerated
                ? StatesError(
                    StatesErrorName.exceedToleratedFailureThreshold,
                    cause: "The specified tolerated failure threshold was exceeded")
                : error
            if lastEvent == 0 { lastEvent = owner.lastEventId }
            failFan(link.fan, err, previous: lastEvent)
            return
        }
        advanceFan(link.fan)
    }

    /// Starts more children, or completes the fan when all are done.
    mutating func advanceFan(_ fanId: Int) {
        guard let fan = state.fans[fanId] else { return }
        let total = fan.isMap ? fan.items.count : fan.branches.count
        if fan.succeeded + fan.failed == total, fan.running.isEmpty {
            completeFan(fanId)
        } else {
            startChildren(fanId)
        }
    }

    mutating func completeFan(_ fanId: Int) {
        guard let fan = state.fans.removeValue(forKey: fanId), let owner = state.threads[fan.owner] else { return }
        let results = JSON.array(fan.results.map { $0 ?? .null })
        if fan.isMap {
            // AWS chains the state's exit to the last iteration event, past MapStateSucceeded.
            let chain = state.threads[fan.owner]?.lastEventId ?? 0
            emit(.mapStateSucceeded, nil, JSONObject(), thread: fan.owner)
            update(fan.owner) { $0.lastEventId = chain }
        }
        update(fan.owner) { $0.phase = .entering }
        do throws(StatesError) {
            try completeState(fan.owner, result: results, effective: owner.effectiveInput ?? owner.input, selector: true)
        } catch {
            handleError(fan.owner, error)
        }
        runnable.append(fan.owner)
    }

    mutating func failFan(_ fanId: Int, _ error: StatesError, previous: Int) {
        guard let fan = state.fans[fanId], state.threads[fan.owner] != nil else { return }
        // The other branches or iterations are aborted, each event linked to the failure.
        for child in fan.running.sorted() { abortThread(child, after: previous == 0 ? nil : previous) }
        state.fans[fanId] = nil
        update(fan.owner) {
            $0.lastEventId = previous == 0 ? $0.lastEventId : previous
            $0.phase = .entering
        }
        guard let owner = state.threads[fan.owner] else { return }
        let st = machine[owner.address]
        // A retried Parallel or Map records only a new `…StateStarted`; the `…StateFailed` is for the last attempt.
        if error.error != StatesErrorName.runtime, tryRetry(fan.owner, owner, st, error) { return }
        if fan.isMap {
            emit(.mapStateFailed, nil, JSONObject(), thread: fan.owner)
        } else {
            emit(.parallelStateFailed, nil, JSONObject(), thread: fan.owner)
        }
        if let owner = state.threads[fan.owner], error.error != StatesErrorName.runtime,
            tryCatch(fan.owner, owner, st, error)
        {
            return
        }
        handleErrorWithoutRecovery(fan.owner, error)
    }

    /// Appends an event that belongs to no running thread (a state or iteration being aborted).
    mutating func appendAborted(
        _ type: HistoryEventType, previous: Int, key: String? = nil, index: Int? = nil, name: String? = nil
    ) {
        events.append(
            HistoryEvent(
                id: state.nextEventId, previousEventId: previous, timestamp: now, type: type, detailsKey: key,
                details: JSONObject(), index: index, name: name))
        state.nextEventId += 1
    }

    /// Stops a thread and everything under it: its task, its timer, its own fan's children. With `after`
    /// (a sibling's failure), AWS's MapIterationAborted and the `…StateAborted` of the state it was in are
    /// recorded, linked to that failure.
    mutating func abortThread(_ id: Int, after failure: Int? = nil) {
        guard let t = state.threads.removeValue(forKey: id) else { return }
        // The state it was in, when it had started one that records an aborted event.
        var abortedType: HistoryEventType?
        if failure != nil, !t.pendingIterationStart {
            switch (t.phase, machine[t.address].kind) {
            case (.waitingTask, _), (.retryDelay, .task): abortedType = .taskStateAborted
            case (.waitingTimer, .wait): abortedType = .waitStateAborted
            case (.waitingFan, .map): abortedType = .mapStateAborted
            case (.waitingFan, .parallel): abortedType = .parallelStateAborted
            default: abortedType = nil
            }
        }
        state.scopes[t.scope] = nil
        switch t.phase {
        case .waitingTask(let task):
            if let p = state.tasks.removeValue(forKey: task) {
                for timer in [p.timeoutTimer, p.heartbeatTimer].compactMap({ $0 }) {
                    state.timers[timer] = nil
                    commands.append(.cancelTimer(timer))
                }
            }
            commands.append(.cancelTask(task))
        case .waitingTimer(let timer), .retryDelay(let timer):
            state.timers[timer] = nil
            commands.append(.cancelTimer(timer))
        case .waitingFan(let fanId):
            if let fan = state.fans.removeValue(forKey: fanId) {
                for child in fan.running.sorted() { abortThread(child) }
            }
        case .entering:
            break
        }
        runnable.removeAll { $0 == id }
        if let link = t.parent, let fan = state.fans[link.fan], fan.isMap,
            !t.pendingIterationStart, let owner = state.threads[fan.owner]
        {
            appendAborted(
                .mapIterationAborted, previous: failure ?? t.lastEventId, key: "mapIterationAbortedEventDetails",
                index: link.slot, name: machine[owner.address].name)
        }
        if let abortedType, let failure { appendAborted(abortedType, previous: failure) }
    }
}
