import Foundation
import StepJSON
import StepLanguage
import StepSQLite
import StepService

extension SQLiteExecutionStore {
    /// The columns a state machine row is read with, in the SELECT's order.
    enum StateMachineColumn: Int, SelectColumns {
        case name, arn, type, definition, createdMs, updatedMs, revision, loggingLevel, roleArn
    }

    static let stateMachineColumns = StateMachineColumn.selectList

    func stateMachineRecord(_ row: SQLiteRow) -> StateMachineRecord? {
        typealias C = StateMachineColumn
        guard let name = row[C.name].stringValue, let arn = row[C.arn].stringValue,
            let type = row[C.type].stringValue.flatMap(StateMachineType.init(rawValue:)),
            let definition = row[C.definition].stringValue, let created = row[C.createdMs].int64Value,
            let updated = row[C.updatedMs].int64Value, let revision = row[C.revision].intValue,
            let level = row[C.loggingLevel].stringValue
        else { return nil }
        return StateMachineRecord(
            name: name, arn: arn, type: type, definition: definition, created: ts(created), updated: ts(updated),
            revision: revision, loggingLevel: level, roleArn: row[C.roleArn].stringValue)
    }

    public func upsertStateMachine(name: String, definition: String, type: StateMachineType, loggingLevel: String, now: Timestamp)
        throws(StoreError) -> StateMachineRecord
    {
        try write {
            let existing = try db.cachedStatement(
                "SELECT \(Self.stateMachineColumns) FROM state_machines WHERE name = ?"
            ).query(.text(name)).first.flatMap(stateMachineRecord)
            let arn = "\(arnPrefix):stateMachine:\(name)"
            if var record = existing {
                guard record.revise(definition: definition, type: type, loggingLevel: loggingLevel, now: now) else { return record }
                try db.cachedStatement(
                    "UPDATE state_machines SET definition = ?, type = ?, logging_level = ?, revision = ?, updated_ms = ? WHERE name = ?"
                ).run(
                    .text(definition), .text(type.rawValue), .text(loggingLevel), .integer(Int64(record.revision)), .integer(ms(now)),
                    .text(name))
                try db.cachedStatement("INSERT INTO revisions (state_machine, revision, definition) VALUES (?, ?, ?)")
                    .run(.text(name), .integer(Int64(record.revision)), .text(definition))
                return record
            }
            try db.cachedStatement(
                "INSERT INTO state_machines (\(Self.stateMachineColumns)) VALUES (?, ?, ?, ?, ?, ?, 1, ?, NULL)"
            ).run(
                .text(name), .text(arn), .text(type.rawValue), .text(definition), .integer(ms(now)), .integer(ms(now)), .text(loggingLevel))
            try db.cachedStatement("INSERT INTO revisions (state_machine, revision, definition) VALUES (?, 1, ?)")
                .run(.text(name), .text(definition))
            return StateMachineRecord(
                name: name, arn: arn, type: type, definition: definition, created: now, updated: now, revision: 1,
                loggingLevel: loggingLevel)
        }
    }

    public func stateMachine(name: String) throws(StoreError) -> StateMachineRecord? {
        try sql {
            try db.cachedStatement("SELECT \(Self.stateMachineColumns) FROM state_machines WHERE name = ?")
                .query(.text(name)).first.flatMap(stateMachineRecord)
        }
    }

    public func listStateMachines() throws(StoreError) -> [StateMachineRecord] {
        try sql {
            try db.cachedStatement("SELECT \(Self.stateMachineColumns) FROM state_machines ORDER BY name").query()
                .compactMap(stateMachineRecord)
        }
    }

    public func publishVersion(stateMachine: String, description: String?, now: Timestamp) throws(StoreError) -> VersionRecord {
        try write {
            guard
                let sm = try db.cachedStatement("SELECT \(Self.stateMachineColumns) FROM state_machines WHERE name = ?")
                    .query(.text(stateMachine)).first.flatMap(stateMachineRecord)
            else { throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(stateMachine)'") }
            let last =
                try db.cachedStatement("SELECT last_version FROM state_machines WHERE name = ?")
                .query(.text(stateMachine)).first?[0].intValue ?? 0
            // Publishing the same revision again returns the existing version, as AWS does.
            if let row = try db.cachedStatement(
                "SELECT version, description, created_ms FROM versions WHERE state_machine = ? AND revision = ?"
            ).query(.text(stateMachine), .integer(Int64(sm.revision))).first, let v = row[0].intValue {
                return VersionRecord(
                    stateMachine: stateMachine, version: v, arn: "\(sm.arn):\(v)", definition: sm.definition,
                    description: row[1].stringValue, created: ts(row[2].int64Value ?? 0))
            }
            // A revision that only changed the role publishes the same definition: the latest version stands.
            if let row = try db.cachedStatement(
                "SELECT v.version, v.description, v.created_ms, r.definition FROM versions v JOIN revisions r ON r.state_machine = v.state_machine AND r.revision = v.revision WHERE v.state_machine = ? ORDER BY v.version DESC LIMIT 1"
            ).query(.text(stateMachine)).first, let v = row[0].intValue, row[3].stringValue == sm.definition {
                return VersionRecord(
                    stateMachine: stateMachine, version: v, arn: "\(sm.arn):\(v)", definition: sm.definition,
                    description: row[1].stringValue, created: ts(row[2].int64Value ?? 0))
            }
            let version = last + 1
            try db.cachedStatement("UPDATE state_machines SET last_version = ? WHERE name = ?")
                .run(.integer(Int64(version)), .text(stateMachine))
            try db.cachedStatement(
                "INSERT INTO versions (state_machine, version, revision, description, created_ms) VALUES (?, ?, ?, ?, ?)"
            ).run(.text(stateMachine), .integer(Int64(version)), .integer(Int64(sm.revision)), SQLiteValue(description), .integer(ms(now)))
            return VersionRecord(
                stateMachine: stateMachine, version: version, arn: "\(sm.arn):\(version)", definition: sm.definition,
                description: description, created: now)
        }
    }

    public func version(stateMachine: String, number: Int) throws(StoreError) -> VersionRecord? {
        try sql {
            guard
                let row = try db.cachedStatement(
                    "SELECT v.description, v.created_ms, r.definition, s.arn FROM versions v JOIN revisions r ON r.state_machine = v.state_machine AND r.revision = v.revision JOIN state_machines s ON s.name = v.state_machine WHERE v.state_machine = ? AND v.version = ?"
                ).query(.text(stateMachine), .integer(Int64(number))).first, let definition = row[2].stringValue,
                let arn = row[3].stringValue
            else { return nil }
            return VersionRecord(
                stateMachine: stateMachine, version: number, arn: "\(arn):\(number)", definition: definition,
                description: row[0].stringValue, created: ts(row[1].int64Value ?? 0))
        }
    }

    public func createAlias(
        stateMachine: String, name: String, routing: [AliasRecord.Route], description: String?, now: Timestamp
    ) throws(StoreError) -> AliasRecord {
        try write {
            guard routing.count >= 1, routing.count <= 2, routing.reduce(0, { $0 + $1.weight }) == 100 else {
                throw StoreError(.validation, "An alias routes to one or two versions whose weights add up to 100")
            }
            for r in routing {
                guard
                    try db.cachedStatement("SELECT 1 FROM versions WHERE state_machine = ? AND version = ?")
                        .query(.text(stateMachine), .integer(Int64(r.version))).first != nil
                else { throw StoreError(.resourceNotFound, "Version \(r.version) of \(stateMachine) does not exist") }
            }
            let text = JSON.array(routing.map { .object(["version": .int($0.version), "weight": .int($0.weight)]) }).serialized()
            try db.cachedStatement(
                "INSERT INTO aliases (state_machine, name, routing, description, created_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (state_machine, name) DO UPDATE SET routing = excluded.routing, description = excluded.description"
            ).run(.text(stateMachine), .text(name), .text(text), SQLiteValue(description), .integer(ms(now)))
            return AliasRecord(
                stateMachine: stateMachine, name: name, arn: "\(arnPrefix):stateMachine:\(stateMachine):\(name)",
                routing: routing, description: description, created: now)
        }
    }

    public func alias(stateMachine: String, name: String) throws(StoreError) -> AliasRecord? {
        try sql {
            guard
                let row = try db.cachedStatement(
                    "SELECT routing, description, created_ms FROM aliases WHERE state_machine = ? AND name = ?"
                ).query(.text(stateMachine), .text(name)).first, let text = row[0].stringValue,
                case .array(let items)? = try? JSON(parsing: text)
            else { return nil }
            let routing = items.compactMap { item -> AliasRecord.Route? in
                guard let v = item["version"]?.intValue, let w = item["weight"]?.intValue else { return nil }
                return AliasRecord.Route(version: v, weight: w)
            }
            return AliasRecord(
                stateMachine: stateMachine, name: name, arn: "\(arnPrefix):stateMachine:\(stateMachine):\(name)",
                routing: routing, description: row[1].stringValue, created: ts(row[2].int64Value ?? 0))
        }
    }

    public func setRoleArn(stateMachine: String, roleArn: String?) throws(StoreError) {
        try write {
            try db.cachedStatement("UPDATE state_machines SET role_arn = ? WHERE name = ?")
                .run(SQLiteValue(roleArn), .text(stateMachine))
        }
    }

    public func deleteStateMachine(name: String) throws(StoreError) {
        try write {
            for table in ["aliases", "versions", "revisions"] {
                try db.cachedStatement("DELETE FROM \(table) WHERE state_machine = ?").run(.text(name))
            }
            try db.cachedStatement("DELETE FROM tags WHERE resource_arn = ?").run(.text("\(arnPrefix):stateMachine:\(name)"))
            try db.cachedStatement("DELETE FROM state_machines WHERE name = ?").run(.text(name))
        }
    }

    public func listVersions(stateMachine: String) throws(StoreError) -> [VersionRecord] {
        try sql {
            try db.cachedStatement(
                "SELECT v.version, v.description, v.created_ms, r.definition, s.arn FROM versions v JOIN revisions r ON r.state_machine = v.state_machine AND r.revision = v.revision JOIN state_machines s ON s.name = v.state_machine WHERE v.state_machine = ? ORDER BY v.version DESC"
            ).query(.text(stateMachine)).compactMap { row -> VersionRecord? in
                guard let v = row[0].intValue, let definition = row[3].stringValue, let arn = row[4].stringValue else {
                    return nil
                }
                return VersionRecord(
                    stateMachine: stateMachine, version: v, arn: "\(arn):\(v)", definition: definition,
                    description: row[1].stringValue, created: ts(row[2].int64Value ?? 0))
            }
        }
    }

    public func listAliases(stateMachine: String) throws(StoreError) -> [AliasRecord] {
        let names = try sql {
            try db.cachedStatement("SELECT name FROM aliases WHERE state_machine = ? ORDER BY name")
                .query(.text(stateMachine)).compactMap { $0[0].stringValue }
        }
        var out: [AliasRecord] = []
        for n in names {
            if let a = try alias(stateMachine: stateMachine, name: n) { out.append(a) }
        }
        return out
    }

    public func deleteAlias(stateMachine: String, name: String) throws(StoreError) {
        try write {
            try db.cachedStatement("DELETE FROM aliases WHERE state_machine = ? AND name = ?").run(.text(stateMachine), .text(name))
        }
    }

    public func deleteVersion(stateMachine: String, number: Int) throws(StoreError) {
        try write {
            let referencing = try listAliases(stateMachine: stateMachine).filter { a in a.routing.contains { $0.version == number } }
            if !referencing.isEmpty {
                throw StoreError(
                    .conflict,
                    "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [\(referencing.map(\.name).joined(separator: ", "))]"
                )
            }
            try db.cachedStatement("DELETE FROM versions WHERE state_machine = ? AND version = ?")
                .run(.text(stateMachine), .integer(Int64(number)))
        }
    }

    public func newRevision(stateMachine: String, now: Timestamp) throws(StoreError) -> StateMachineRecord {
        try write {
            guard
                var record = try db.cachedStatement("SELECT \(Self.stateMachineColumns) FROM state_machines WHERE name = ?")
                    .query(.text(stateMachine)).first.flatMap(stateMachineRecord)
            else { throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(stateMachine)'") }
            record.revision += 1
            record.updated = now
            try db.cachedStatement("UPDATE state_machines SET revision = ?, updated_ms = ? WHERE name = ?")
                .run(.integer(Int64(record.revision)), .integer(ms(now)), .text(stateMachine))
            try db.cachedStatement("INSERT INTO revisions (state_machine, revision, definition) VALUES (?, ?, ?)")
                .run(.text(stateMachine), .integer(Int64(record.revision)), .text(record.definition))
            return record
        }
    }
}
