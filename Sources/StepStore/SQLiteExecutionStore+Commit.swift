import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepSQLite
import StepService

extension SQLiteExecutionStore {
    /// Commits many engine steps in one `BEGIN IMMEDIATE` transaction: one fsync for all of them.
    public func commit(_ batch: [TransitionCommit]) throws(StoreError) {
        guard !batch.isEmpty else { return }
        try write {
            let update = try db.cachedStatement(
                "UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_ms = ?, redrive_count = ?, started = 1, engine_state = ? WHERE id = ?"
            )
            let insertEvent = try db.cachedStatement(
                "INSERT INTO history (execution_id, event_id, event) VALUES (?, ?, ?)")
            let insertTimer = try db.cachedStatement(
                "INSERT OR REPLACE INTO timers (execution_id, timer, due_ms) VALUES (?, ?, ?)")
            let deleteTimer = try db.cachedStatement("DELETE FROM timers WHERE execution_id = ? AND timer = ?")
            let insertTask = try db.cachedStatement(
                "INSERT OR REPLACE INTO tasks (execution_id, task, request, token, activity) VALUES (?, ?, ?, ?, ?)")
            let submitTask = try db.cachedStatement("UPDATE tasks SET submitted = 1 WHERE execution_id = ? AND task = ?")
            let deleteTask = try db.cachedStatement("DELETE FROM tasks WHERE execution_id = ? AND task = ?")
            let clearTimers = try db.cachedStatement("DELETE FROM timers WHERE execution_id = ?")
            let clearTasks = try db.cachedStatement("DELETE FROM tasks WHERE execution_id = ?")
            let markEvent = try db.cachedStatement("UPDATE executions SET event_pending = 1 WHERE id = ?")
            for c in batch {
                let id = SQLiteValue.integer(c.executionId)
                try writeStatus(update, c.executionId, c.state)
                for e in c.events {
                    try insertEvent.run(id, .integer(Int64(e.id)), .text(e.json.serialized()))
                }
                for t in c.timersDone { try deleteTimer.run(id, .integer(Int64(t))) }
                for t in c.tasksDone { try deleteTask.run(id, .integer(Int64(t))) }
                for t in c.tasksSubmitted { try submitTask.run(id, .integer(Int64(t))) }
                if c.state.isFinished {
                    try clearTimers.run(id)
                    try clearTasks.run(id)
                    // Its status-change event, in the same transaction: the relay publishes it.
                    if c.state.info.type != .express { try markEvent.run(id) }
                    continue
                }
                for t in c.timersStarted { try insertTimer.run(id, .integer(Int64(t.id)), .integer(ms(t.due))) }
                for r in c.tasksStarted {
                    let text = String(decoding: try encoder.encode(r), as: UTF8.self)
                    let activity = ARN(parsing: r.resource)?.activityName == nil ? nil : r.resource
                    try insertTask.run(
                        id, .integer(Int64(r.id)), .text(text), SQLiteValue(r.taskToken), SQLiteValue(activity))
                }
            }
        }
    }

    func writeStatus(_ update: SQLiteStatement, _ executionId: Int64, _ state: ExecutionState) throws {
        let blob = [UInt8](try encoder.encode(state))
        try update.run(
            .text(state.status.rawValue), SQLiteValue(state.output?.serialized()), SQLiteValue(state.error),
            SQLiteValue(state.cause), SQLiteValue(state.stopTime.map(ms)), .integer(Int64(state.info.redriveCount)),
            .blob(blob), .integer(executionId))
    }

    public func recordFinished(executionId: Int64, state: ExecutionState, events: [HistoryEvent]) throws(StoreError) {
        try write {
            let update = try db.cachedStatement(
                "UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_ms = ?, redrive_count = ?, started = 1, engine_state = ? WHERE id = ?"
            )
            try writeStatus(update, executionId, state)
            let insertEvent = try db.cachedStatement(
                "INSERT OR IGNORE INTO history (execution_id, event_id, event) VALUES (?, ?, ?)")
            for e in events {
                try insertEvent.run(.integer(executionId), .integer(Int64(e.id)), .text(e.json.serialized()))
            }
        }
    }
}
