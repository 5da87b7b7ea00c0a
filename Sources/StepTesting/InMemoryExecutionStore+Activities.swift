import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepService
import Synchronization

extension InMemoryExecutionStore {
    public func createActivity(name: String, tags: [ActivityTag], now: Timestamp) throws(StoreError) -> ActivityRecord {
        let arn = "\(arnPrefix):activity:\(name)"
        return state.withLock { s in
            if let existing = s.activities[name] { return existing }
            let record = ActivityRecord(name: name, arn: arn, created: State.ms(now), tags: tags)
            s.activities[name] = record
            return record
        }
    }

    public func activity(arn: String) throws(StoreError) -> ActivityRecord? {
        state.withLock { s in s.activities.values.first { $0.arn == arn } }
    }

    public func listActivities() throws(StoreError) -> [ActivityRecord] {
        state.withLock { s in s.activities.values.sorted { State.precedes($0.name, $1.name) } }
    }

    public func deleteActivity(arn: String) throws(StoreError) {
        state.withLock { s in
            s.tags[arn] = nil
            for name in s.activities.values.filter({ $0.arn == arn }).map(\.name) { s.activities[name] = nil }
        }
    }

    public func handOverActivityTask(executionId: Int64, task: Int, published: Bool) throws(StoreError) {
        state.withLock { s in
            guard s.tasks[executionId]?[task] != nil else { return }
            s.tasks[executionId]?[task]?.submitted = true
            s.tasks[executionId]?[task]?.claimed = published
        }
    }

    public func claimActivityTask(activityArn: String, workerName: String?) throws(StoreError)
        -> (executionId: Int64, task: Int, assignment: ActivityTask)?
    {
        state.withLock { s -> (executionId: Int64, task: Int, assignment: ActivityTask)? in
            var oldest: Key?
            for (e, tasks) in s.tasks {
                for (t, row) in tasks where row.activity == activityArn && row.submitted && !row.claimed {
                    let key = Key(execution: e, id: t)
                    if oldest.map({ key < $0 }) ?? true { oldest = key }
                }
            }
            guard let key = oldest, let row = s.tasks[key.execution]?[key.id], let token = row.request.taskToken else {
                return nil
            }
            s.tasks[key.execution]?[key.id]?.claimed = true
            s.tasks[key.execution]?[key.id]?.worker = workerName
            return (key.execution, key.id, ActivityTask(taskToken: token, input: row.request.input.serialized()))
        }
    }

    public func enqueueTaskStarted(executionId: Int64, task: Int, workerName: String?) throws(StoreError) {
        state.withLock { s in
            s.enqueue { ControlRequest(id: $0, executionId: executionId, kind: .taskStarted, task: task, workerName: workerName) }
        }
    }
}
