import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepSQLite
import StepService

extension SQLiteExecutionStore {
    func activityRecord(_ row: SQLiteRow) -> ActivityRecord? {
        guard let name = row[0].stringValue, let arn = row[1].stringValue, let created = row[3].int64Value else {
            return nil
        }
        var tags: [ActivityTag] = []
        if let text = row[2].stringValue, case .array(let items)? = try? JSON(parsing: text) {
            tags = items.compactMap { t in
                guard let k = t["key"]?.stringValue, let v = t["value"]?.stringValue else { return nil }
                return ActivityTag(key: k, value: v)
            }
        }
        return ActivityRecord(name: name, arn: arn, created: ts(created), tags: tags)
    }

    public func createActivity(name: String, tags: [ActivityTag], now: Timestamp) throws(StoreError) -> ActivityRecord {
        try write {
            if let existing = try db.cachedStatement("SELECT name, arn, tags, created_ms FROM activities WHERE name = ?")
                .query(.text(name)).first.flatMap(activityRecord)
            {
                return existing
            }
            let arn = "\(arnPrefix):activity:\(name)"
            let text =
                tags.isEmpty
                ? nil : JSON.array(tags.map { ["key": .string($0.key), "value": .string($0.value)] }).serialized()
            try db.cachedStatement("INSERT INTO activities (name, arn, tags, created_ms) VALUES (?, ?, ?, ?)")
                .run(.text(name), .text(arn), SQLiteValue(text), .integer(ms(now)))
            return ActivityRecord(name: name, arn: arn, created: ts(ms(now)), tags: tags)
        }
    }

    public func activity(arn: String) throws(StoreError) -> ActivityRecord? {
        try sql {
            try db.cachedStatement("SELECT name, arn, tags, created_ms FROM activities WHERE arn = ?").query(.text(arn))
                .first.flatMap(activityRecord)
        }
    }

    public func listActivities() throws(StoreError) -> [ActivityRecord] {
        try sql {
            try db.cachedStatement("SELECT name, arn, tags, created_ms FROM activities ORDER BY name").query()
                .compactMap(activityRecord)
        }
    }

    public func deleteActivity(arn: String) throws(StoreError) {
        try write {
            try db.cachedStatement("DELETE FROM tags WHERE resource_arn = ?").run(.text(arn))
            try db.cachedStatement("DELETE FROM activities WHERE arn = ?").run(.text(arn))
        }
    }

    public func handOverActivityTask(executionId: Int64, task: Int, published: Bool) throws(StoreError) {
        try write {
            try db.cachedStatement("UPDATE tasks SET submitted = 1, claimed = ? WHERE execution_id = ? AND task = ?")
                .run(.integer(published ? 1 : 0), .integer(executionId), .integer(Int64(task)))
        }
    }

    public func claimActivityTask(activityArn: String, workerName: String?) throws(StoreError)
        -> (executionId: Int64, task: Int, assignment: ActivityTask)?
    {
        let waiting = "FROM tasks WHERE activity = ? AND submitted = 1 AND claimed = 0"
        // An idle poll only reads: the write lock is taken when a task seems to wait.
        guard try sql({ try !db.cachedStatement("SELECT 1 \(waiting) LIMIT 1").query(.text(activityArn)).isEmpty }) else {
            return nil
        }
        // One `BEGIN IMMEDIATE` transaction: the read and the claim happen under the write lock, so another
        // poller (in this process or another) sees the task claimed or not at all.
        return try write { () throws -> (executionId: Int64, task: Int, assignment: ActivityTask)? in
            let rows = try db.cachedStatement(
                "SELECT execution_id, task, request, token \(waiting) ORDER BY execution_id, task LIMIT 1"
            ).query(.text(activityArn))
            guard let row = rows.first, let e = row[0].int64Value, let t = row[1].intValue, let text = row[2].stringValue,
                let token = row[3].stringValue
            else { return nil }
            let request = try decoder.decode(TaskRequest.self, from: Data(text.utf8))
            try db.cachedStatement("UPDATE tasks SET claimed = 1, worker = ? WHERE execution_id = ? AND task = ?")
                .run(SQLiteValue(workerName), .integer(e), .integer(Int64(t)))
            return (e, t, ActivityTask(taskToken: token, input: request.input.serialized()))
        }
    }

    public func enqueueTaskStarted(executionId: Int64, task: Int, workerName: String?) throws(StoreError) {
        try write {
            try db.cachedStatement("INSERT INTO requests (execution_id, kind, task, worker) VALUES (?, ?, ?, ?)")
                .run(
                    .integer(executionId), .text(ControlRequest.Kind.taskStarted.rawValue), .integer(Int64(task)),
                    SQLiteValue(workerName))
        }
    }
}
