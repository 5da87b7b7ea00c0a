import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepService
import Synchronization

extension InMemoryExecutionStore {
    public func createExecution(_ new: NewExecution) throws(StoreError) -> (record: ExecutionRecord, created: Bool) {
        try state.withLock { s throws(StoreError) -> (record: ExecutionRecord, created: Bool) in
            if let id = s.executionsByName[ExecutionName(stateMachine: new.stateMachine, name: new.name)],
                let existing = s.execution(id)?.record
            {
                let sameInput = (try? JSON(parsing: existing.input)) == (try? JSON(parsing: new.input))
                if sameInput && existing.status == .running { return (existing, false) }
                throw StoreError(.executionAlreadyExists, "Execution Already Exists: '\(existing.arn)'")
            }
            guard let sm = s.stateMachines[new.stateMachine]?.record else {
                throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(new.stateMachine)'")
            }
            var revision = sm.revision
            if let v = new.version {
                guard let r = s.versions[new.stateMachine]?[v]?.revision else {
                    throw StoreError(.resourceNotFound, "Version \(v) of \(new.stateMachine) does not exist")
                }
                revision = r
            }
            guard s.executionsByArn[new.arn] == nil else {
                throw StoreError(.constraint, "UNIQUE constraint failed: executions.arn ('\(new.arn)')")
            }
            let id = Int64(s.executions.count + 1)
            var record = ExecutionRecord(
                id: id, arn: new.arn, name: new.name, stateMachine: new.stateMachine, stateMachineArn: new.stateMachineArn,
                version: new.version, type: new.type, status: .running, input: new.input, output: nil, error: nil, cause: nil,
                startDate: new.startDate, stopDate: nil, redriveCount: 0, alias: new.alias)
            let created = record
            record.startDate = State.ms(new.startDate)
            s.executions.append(ExecutionRow(record: record, revision: revision))
            s.executionsByName[ExecutionName(stateMachine: new.stateMachine, name: new.name)] = id
            s.executionsByArn[new.arn] = id
            s.newestByName[new.name] = id
            return (created, true)
        }
    }

    public func execution(id: Int64) throws(StoreError) -> ExecutionRecord? {
        state.withLock { $0.execution(id)?.record }
    }

    public func execution(reference: String) throws(StoreError) -> ExecutionRecord? {
        state.withLock { s in
            if let id = s.executionsByArn[reference], let row = s.execution(id) { return row.record }
            return s.newestByName[reference].flatMap { s.execution($0)?.record }
        }
    }

    public func listExecutions(stateMachine: String?, status: ExecutionStatus?, limit: Int) throws(StoreError)
        -> [ExecutionRecord]
    {
        state.withLock { s in
            State.take(s.executions.reversed(), limit: limit) { row in
                (stateMachine == nil || row.record.stateMachine == stateMachine) && (status == nil || row.record.status == status)
            }
        }
    }

    public func history(executionId: Int64) throws(StoreError) -> [JSON] {
        let texts = state.withLock { s in (s.history[executionId] ?? [:]).sorted { $0.key < $1.key }.map(\.value) }
        return texts.compactMap { try? JSON(parsing: $0) }
    }

    public func engineState(executionId: Int64) throws(StoreError) -> ExecutionState? {
        state.withLock { $0.execution(executionId)?.engineState }
    }

    public func definition(forExecution id: Int64) throws(StoreError)
        -> (definition: String, loggingLevel: String, roleArn: String?)
    {
        try state.withLock { s throws(StoreError) -> (definition: String, loggingLevel: String, roleArn: String?) in
            guard let e = s.execution(id), let definition = s.revisions[e.record.stateMachine]?[e.revision],
                let sm = s.stateMachines[e.record.stateMachine]?.record
            else { throw StoreError(.executionDoesNotExist, "Execution Does Not Exist: \(id)") }
            return (definition, sm.loggingLevel, sm.roleArn)
        }
    }

    public func commit(_ batch: [TransitionCommit]) throws(StoreError) {
        guard !batch.isEmpty else { return }
        let events = batch.map { c in c.events.map { $0.json.serialized() } }
        try state.withLock { s throws(StoreError) in
            // A history event stored twice breaks the table's primary key: the whole batch fails, changing nothing.
            var seen = Set<Key>()
            for c in batch {
                for e in c.events {
                    let key = Key(execution: c.executionId, id: e.id)
                    if s.history[c.executionId]?[e.id] != nil || !seen.insert(key).inserted {
                        throw StoreError(
                            .constraint,
                            "UNIQUE constraint failed: history.execution_id, history.event_id (execution \(c.executionId), event \(e.id))")
                    }
                }
            }
            for (c, texts) in zip(batch, events) { s.apply(c, events: texts) }
        }
    }

    public func recordFinished(executionId: Int64, state finished: ExecutionState, events: [HistoryEvent]) throws(StoreError) {
        let texts = events.map { (id: $0.id, text: $0.json.serialized()) }
        state.withLock { s in
            s.writeStatus(executionId, finished)
            for e in texts where s.history[executionId]?[e.id] == nil {
                s.history[executionId, default: [:]][e.id] = e.text
            }
        }
    }

    public func pendingStarts(after: Int64, limit: Int) throws(StoreError) -> [ExecutionRecord] {
        state.withLock { s in
            // The execution with id `n` is at index `n - 1`: those above `after` start at index `after`.
            let start = Int(min(max(after, 0), Int64(s.executions.count)))
            return State.take(s.executions[start...], limit: limit) { !$0.started && $0.record.status == .running }
        }
    }

    public func timers() throws(StoreError) -> [TimerRecord] {
        state.withLock { s in
            s.timers.flatMap { e, timers in timers.map { TimerRecord(executionId: e, timer: $0.key, due: $0.value) } }
                .sorted { ($0.executionId, $0.timer) < ($1.executionId, $1.timer) }
        }
    }

    public func pendingTasks() throws(StoreError) -> [PendingTaskRecord] {
        state.withLock { s in
            s.tasks.flatMap { e, tasks in
                tasks.values.filter { !$0.submitted }.map { PendingTaskRecord(executionId: e, request: $0.request) }
            }
            .sorted { ($0.executionId, $0.request.id) < ($1.executionId, $1.request.id) }
        }
    }

    public func pendingStatusEvents(limit: Int) throws(StoreError) -> [ExecutionRecord] {
        state.withLock { s in
            let ids = s.statusEventsPending.sorted()
            return State.take(ids.compactMap { s.execution($0) }, limit: limit) { _ in true }
        }
    }

    public func statusEventsPublished(_ ids: [Int64]) throws(StoreError) {
        state.withLock { s in
            for id in ids { s.statusEventsPending.remove(id) }
        }
    }
}
