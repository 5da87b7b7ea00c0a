import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepSQLite
import StepService

extension SQLiteExecutionStore {
    /// The columns an execution row is read with, in the SELECT's order.
    enum ExecutionColumn: Int, SelectColumns {
        case id, arn, name, stateMachine, stateMachineArn, version, type, status, input, output, error, cause, startMs, stopMs
        case redriveCount, alias
    }

    static let executionColumns = ExecutionColumn.selectList

    func executionRecord(_ row: SQLiteRow) -> ExecutionRecord? {
        typealias C = ExecutionColumn
        guard let id = row[C.id].int64Value, let arn = row[C.arn].stringValue, let name = row[C.name].stringValue,
            let sm = row[C.stateMachine].stringValue, let smArn = row[C.stateMachineArn].stringValue,
            let type = row[C.type].stringValue.flatMap(StateMachineType.init(rawValue:)),
            let status = row[C.status].stringValue.flatMap(ExecutionStatus.init(rawValue:)), let input = row[C.input].stringValue,
            let start = row[C.startMs].int64Value
        else { return nil }
        return ExecutionRecord(
            id: id, arn: arn, name: name, stateMachine: sm, stateMachineArn: smArn, version: row[C.version].intValue, type: type,
            status: status, input: input, output: row[C.output].stringValue, error: row[C.error].stringValue,
            cause: row[C.cause].stringValue, startDate: ts(start), stopDate: row[C.stopMs].int64Value.map(ts),
            redriveCount: row[C.redriveCount].intValue ?? 0, alias: row[C.alias].stringValue)
    }

    public func createExecution(_ new: NewExecution) throws(StoreError) -> (record: ExecutionRecord, created: Bool) {
        try write {
            if let existing = try db.cachedStatement(
                "SELECT \(Self.executionColumns) FROM executions WHERE state_machine = ? AND name = ?"
            ).query(.text(new.stateMachine), .text(new.name)).first.flatMap(executionRecord) {
                let sameInput = (try? JSON(parsing: existing.input)) == (try? JSON(parsing: new.input))
                if sameInput && existing.status == .running { return (existing, false) }
                throw StoreError(.executionAlreadyExists, "Execution Already Exists: '\(existing.arn)'")
            }
            guard
                let revision = try db.cachedStatement("SELECT revision FROM state_machines WHERE name = ?")
                    .query(.text(new.stateMachine)).first?[0].int64Value
            else { throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(new.stateMachine)'") }
            var rev = revision
            if let v = new.version {
                guard
                    let r = try db.cachedStatement("SELECT revision FROM versions WHERE state_machine = ? AND version = ?")
                        .query(.text(new.stateMachine), .integer(Int64(v))).first?[0].int64Value
                else { throw StoreError(.resourceNotFound, "Version \(v) of \(new.stateMachine) does not exist") }
                rev = r
            }
            try db.cachedStatement(
                "INSERT INTO executions (arn, name, state_machine, state_machine_arn, revision, version, type, status, input, start_ms, alias) VALUES (?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?)"
            ).run(
                .text(new.arn), .text(new.name), .text(new.stateMachine), .text(new.stateMachineArn), .integer(rev),
                SQLiteValue(new.version), .text(new.type.rawValue), .text(new.input), .integer(ms(new.startDate)),
                SQLiteValue(new.alias))
            let record = ExecutionRecord(
                id: db.lastInsertRowID, arn: new.arn, name: new.name, stateMachine: new.stateMachine,
                stateMachineArn: new.stateMachineArn, version: new.version, type: new.type, status: .running,
                input: new.input, output: nil, error: nil, cause: nil, startDate: new.startDate, stopDate: nil,
                redriveCount: 0, alias: new.alias)
            return (record, true)
        }
    }

    public func execution(id: Int64) throws(StoreError) -> ExecutionRecord? {
        try sql {
            try db.cachedStatement("SELECT \(Self.executionColumns) FROM executions WHERE id = ?").query(.integer(id))
                .first.flatMap(executionRecord)
        }
    }

    public func execution(reference: String) throws(StoreError) -> ExecutionRecord? {
        try sql {
            if let r = try db.cachedStatement("SELECT \(Self.executionColumns) FROM executions WHERE arn = ?")
                .query(.text(reference)).first.flatMap(executionRecord)
            {
                return r
            }
            return try db.cachedStatement(
                "SELECT \(Self.executionColumns) FROM executions WHERE name = ? ORDER BY id DESC LIMIT 1"
            ).query(.text(reference)).first.flatMap(executionRecord)
        }
    }

    public func listExecutions(stateMachine: String?, status: ExecutionStatus?, limit: Int) throws(StoreError)
        -> [ExecutionRecord]
    {
        try sql {
            var sql = "SELECT \(Self.executionColumns) FROM executions WHERE 1 = 1"
            var binds: [SQLiteValue] = []
            if let stateMachine {
                sql += " AND state_machine = ?"
                binds.append(.text(stateMachine))
            }
            if let status {
                sql += " AND status = ?"
                binds.append(.text(status.rawValue))
            }
            sql += " ORDER BY id DESC LIMIT ?"
            binds.append(.integer(Int64(limit)))
            return try db.cachedStatement(sql).query(binds).compactMap(executionRecord)
        }
    }

    public func history(executionId: Int64) throws(StoreError) -> [JSON] {
        try sql {
            let stmt = try db.cachedStatement("SELECT event FROM history WHERE execution_id = ? ORDER BY event_id")
            return try stmt.query(.integer(executionId)).compactMap { row in
                row[0].stringValue.flatMap { try? JSON(parsing: $0) }
            }
        }
    }

    public func engineState(executionId: Int64) throws(StoreError) -> ExecutionState? {
        try sql {
            guard
                let blob = try db.cachedStatement("SELECT engine_state FROM executions WHERE id = ?")
                    .query(.integer(executionId)).first?[0].blobValue
            else { return nil }
            return try decoder.decode(ExecutionState.self, from: Data(blob))
        }
    }

    public func definition(forExecution id: Int64) throws(StoreError)
        -> (definition: String, loggingLevel: String, roleArn: String?)
    {
        try sql {
            guard
                let row = try db.cachedStatement(
                    "SELECT r.definition, s.logging_level, s.role_arn FROM executions e JOIN revisions r ON r.state_machine = e.state_machine AND r.revision = e.revision JOIN state_machines s ON s.name = e.state_machine WHERE e.id = ?"
                ).query(.integer(id)).first, let d = row[0].stringValue
            else { throw StoreError(.executionDoesNotExist, "Execution Does Not Exist: \(id)") }
            return (d, row[1].stringValue ?? "OFF", row[2].stringValue)
        }
    }

    public func pendingStarts(after: Int64, limit: Int) throws(StoreError) -> [ExecutionRecord] {
        try sql {
            try db.cachedStatement(
                "SELECT \(Self.executionColumns) FROM executions WHERE started = 0 AND status = 'RUNNING' AND id > ? ORDER BY id LIMIT ?"
            ).query(.integer(after), .integer(Int64(limit))).compactMap(executionRecord)
        }
    }

    public func timers() throws(StoreError) -> [TimerRecord] {
        try sql {
            try db.cachedStatement("SELECT execution_id, timer, due_ms FROM timers").query().compactMap { row in
                guard let e = row[0].int64Value, let t = row[1].intValue, let d = row[2].int64Value else { return nil }
                return TimerRecord(executionId: e, timer: t, due: ts(d))
            }
        }
    }

    public func pendingTasks() throws(StoreError) -> [PendingTaskRecord] {
        try sql {
            try db.cachedStatement("SELECT execution_id, request FROM tasks WHERE submitted = 0 ORDER BY execution_id, task").query()
                .compactMap { row in
                    guard let e = row[0].int64Value, let text = row[1].stringValue,
                        let request = try? decoder.decode(TaskRequest.self, from: Data(text.utf8))
                    else { return nil }
                    return PendingTaskRecord(executionId: e, request: request)
                }
        }
    }
}

extension SQLiteExecutionStore {
    public func pendingStatusEvents(limit: Int) throws(StoreError) -> [ExecutionRecord] {
        try sql {
            try db.cachedStatement(
                "SELECT \(Self.executionColumns) FROM executions WHERE event_pending = 1 ORDER BY id LIMIT ?"
            ).query(.integer(Int64(limit))).compactMap(executionRecord)
        }
    }

    public func statusEventsPublished(_ ids: [Int64]) throws(StoreError) {
        try write {
            let clear = try db.cachedStatement("UPDATE executions SET event_pending = 0 WHERE id = ?")
            for id in ids { try clear.run(.integer(id)) }
        }
    }
}
