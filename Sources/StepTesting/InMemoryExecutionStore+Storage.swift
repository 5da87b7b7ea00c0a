import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepService
import Synchronization

extension InMemoryExecutionStore {
    /// A timer or task of an execution: the tables' primary key.
    struct Key: Hashable, Comparable {
        var execution: Int64
        var id: Int

        static func < (a: Key, b: Key) -> Bool { (a.execution, a.id) < (b.execution, b.id) }
    }

    /// An execution's unique name: `UNIQUE (state_machine, name)`.
    struct ExecutionName: Hashable {
        var stateMachine: String
        var name: String
    }

    struct StateMachineRow {
        var record: StateMachineRecord
        /// The highest version number ever published.
        var lastVersion = 0
    }

    struct VersionRow {
        var revision: Int
        var description: String?
        var created: Timestamp
    }

    struct AliasRow {
        var routing: [AliasRecord.Route]
        var description: String?
        var created: Timestamp
    }

    struct ExecutionRow {
        var record: ExecutionRecord
        var revision: Int
        var started = false
        var engineState: ExecutionState?
        var mapRunArn: String?
    }

    struct TaskRow {
        var request: TaskRequest
        /// The resource when it is an activity ARN.
        var activity: String?
        var submitted = false
        var claimed = false
        var worker: String?
    }

    struct MapRunRow {
        var arn: String
        var executionArn: String
        var status: String
        var startDate: Timestamp
        var stopDate: Timestamp?
        /// As stored: JSON text.
        var description: String
    }

    struct Lease {
        var owner: String
        var renewedMs: Int
    }

    struct State {
        var stateMachines: [String: StateMachineRow] = [:]
        /// State machine → revision → definition.
        var revisions: [String: [Int: String]] = [:]
        var versions: [String: [Int: VersionRow]] = [:]
        var aliases: [String: [String: AliasRow]] = [:]
        /// Resource ARN → its tags, in the order first given.
        var tags: [String: [ActivityTag]] = [:]
        /// Executions are never deleted: the one with id `n` is at index `n - 1`.
        var executions: [ExecutionRow] = []
        var executionsByName: [ExecutionName: Int64] = [:]
        var executionsByArn: [String: Int64] = [:]
        /// Name → the newest execution of that name (of any state machine).
        var newestByName: [String: Int64] = [:]
        /// Execution → event id → the event as JSON text.
        var history: [Int64: [Int: String]] = [:]
        var timers: [Int64: [Int: Timestamp]] = [:]
        var tasks: [Int64: [Int: TaskRow]] = [:]
        /// Executions whose status-change event is pending (`event_pending = 1`).
        var statusEventsPending: Set<Int64> = []
        /// In id order.
        var requests: [ControlRequest] = []
        var lease: Lease?
        /// By name.
        var activities: [String: ActivityRecord] = [:]
        var mapRuns: [String: MapRunRow] = [:]

        /// A timestamp as the database keeps it: whole milliseconds.
        static func ms(_ t: Timestamp) -> Timestamp { Timestamp(epochMilliseconds: t.epochMilliseconds) }

        /// SQLite's `ORDER BY` on text: by bytes.
        static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

        func index(_ id: Int64) -> Int? { id >= 1 && id <= Int64(executions.count) ? Int(id - 1) : nil }

        func execution(_ id: Int64) -> ExecutionRow? { index(id).map { executions[$0] } }

        /// Up to `limit` records of `rows` that `include` takes; a negative limit takes all, as SQLite's `LIMIT`.
        static func take<S: Sequence>(_ rows: S, limit: Int, where include: (ExecutionRow) -> Bool) -> [ExecutionRecord]
        where S.Element == ExecutionRow {
            var out: [ExecutionRecord] = []
            guard limit != 0 else { return out }
            for row in rows where include(row) {
                out.append(row.record)
                if limit > 0 && out.count >= limit { break }
            }
            return out
        }

        func versionRecord(stateMachine: String, number: Int) -> VersionRecord? {
            guard let v = versions[stateMachine]?[number], let definition = revisions[stateMachine]?[v.revision],
                let arn = stateMachines[stateMachine]?.record.arn
            else { return nil }
            return VersionRecord(
                stateMachine: stateMachine, version: number, arn: "\(arn):\(number)", definition: definition,
                description: v.description, created: v.created)
        }

        func aliasRecord(stateMachine: String, name: String, prefix: String) -> AliasRecord? {
            guard let a = aliases[stateMachine]?[name] else { return nil }
            return AliasRecord(
                stateMachine: stateMachine, name: name, arn: "\(prefix):stateMachine:\(stateMachine):\(name)",
                routing: a.routing, description: a.description, created: a.created)
        }

        /// `UPDATE executions SET status …, started = 1, engine_state … WHERE id = ?`.
        mutating func writeStatus(_ id: Int64, _ state: ExecutionState) {
            guard let i = index(id) else { return }
            executions[i].record.status = state.status
            executions[i].record.output = state.output?.serialized()
            executions[i].record.error = state.error
            executions[i].record.cause = state.cause
            executions[i].record.stopDate = state.stopTime.map(Self.ms)
            executions[i].record.redriveCount = state.info.redriveCount
            executions[i].started = true
            executions[i].engineState = state
        }

        /// `INSERT OR REPLACE INTO tasks`: replaces the row of that key, and any other row with the same token
        /// (the unique index on tokens); `submitted` and `claimed` start again at 0.
        mutating func insertTask(_ id: Int64, _ r: TaskRequest) {
            if let token = r.taskToken {
                for (e, rows) in tasks {
                    for (t, row) in rows where row.request.taskToken == token && !(e == id && t == r.id) {
                        tasks[e]?[t] = nil
                    }
                }
            }
            let activity = ARN(parsing: r.resource)?.activityName == nil ? nil : r.resource
            tasks[id, default: [:]][r.id] = TaskRow(request: r, activity: activity)
        }

        /// One transition of a commit, whose events are known not to be stored yet.
        mutating func apply(_ c: TransitionCommit, events: [String]) {
            let id = c.executionId
            writeStatus(id, c.state)
            for (e, text) in zip(c.events, events) { history[id, default: [:]][e.id] = text }
            for t in c.timersDone { timers[id]?[t] = nil }
            for t in c.tasksDone { tasks[id]?[t] = nil }
            for t in c.tasksSubmitted { tasks[id]?[t]?.submitted = true }
            if c.state.isFinished {
                timers[id] = nil
                tasks[id] = nil
                if c.state.info.type != .express, index(id) != nil { statusEventsPending.insert(id) }
                return
            }
            for t in c.timersStarted { timers[id, default: [:]][t.id] = Self.ms(t.due) }
            for r in c.tasksStarted { insertTask(id, r) }
        }

        mutating func enqueue(_ make: (Int64) -> ControlRequest) {
            // `INTEGER PRIMARY KEY` without AUTOINCREMENT: one above the largest id there is.
            requests.append(make((requests.last?.id ?? 0) + 1))
        }

        func mapRunRecord(_ row: MapRunRow) -> MapRunRecord? {
            guard let description = try? JSON(parsing: row.description) else { return nil }
            return MapRunRecord(
                arn: row.arn, executionArn: row.executionArn, status: row.status, startDate: row.startDate,
                stopDate: row.stopDate, description: description)
        }
    }
}
