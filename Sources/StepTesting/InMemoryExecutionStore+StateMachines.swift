import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepService
import Synchronization

extension InMemoryExecutionStore {
    public func upsertStateMachine(name: String, definition: String, type: StateMachineType, loggingLevel: String, now: Timestamp)
        throws(StoreError) -> StateMachineRecord
    {
        let arn = "\(arnPrefix):stateMachine:\(name)"
        return state.withLock { s in
            if var record = s.stateMachines[name]?.record {
                guard record.revise(definition: definition, type: type, loggingLevel: loggingLevel, now: State.ms(now)) else {
                    return record
                }
                s.stateMachines[name]?.record = record
                s.revisions[name, default: [:]][record.revision] = definition
                record.updated = now
                return record
            }
            let stored = StateMachineRecord(
                name: name, arn: arn, type: type, definition: definition, created: State.ms(now), updated: State.ms(now),
                revision: 1, loggingLevel: loggingLevel)
            s.stateMachines[name] = StateMachineRow(record: stored)
            s.revisions[name] = [1: definition]
            return StateMachineRecord(
                name: name, arn: arn, type: type, definition: definition, created: now, updated: now, revision: 1,
                loggingLevel: loggingLevel)
        }
    }

    public func stateMachine(name: String) throws(StoreError) -> StateMachineRecord? {
        state.withLock { $0.stateMachines[name]?.record }
    }

    public func listStateMachines() throws(StoreError) -> [StateMachineRecord] {
        state.withLock { s in s.stateMachines.values.map(\.record).sorted { State.precedes($0.name, $1.name) } }
    }

    public func publishVersion(stateMachine: String, description: String?, now: Timestamp) throws(StoreError) -> VersionRecord {
        try state.withLock { s throws(StoreError) -> VersionRecord in
            guard let row = s.stateMachines[stateMachine] else {
                throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(stateMachine)'")
            }
            let sm = row.record
            let versions = s.versions[stateMachine] ?? [:]
            let revisions = s.revisions[stateMachine] ?? [:]
            // Publishing the same revision again returns the existing version, as AWS does.
            if let same = versions.filter({ $0.value.revision == sm.revision }).min(by: { $0.key < $1.key }) {
                return VersionRecord(
                    stateMachine: stateMachine, version: same.key, arn: "\(sm.arn):\(same.key)", definition: sm.definition,
                    description: same.value.description, created: same.value.created)
            }
            // A revision that only changed the role publishes the same definition: the latest version stands.
            if let latest = versions.filter({ revisions[$0.value.revision] != nil }).max(by: { $0.key < $1.key }),
                revisions[latest.value.revision] == sm.definition
            {
                return VersionRecord(
                    stateMachine: stateMachine, version: latest.key, arn: "\(sm.arn):\(latest.key)", definition: sm.definition,
                    description: latest.value.description, created: latest.value.created)
            }
            let version = row.lastVersion + 1
            s.stateMachines[stateMachine]?.lastVersion = version
            s.versions[stateMachine, default: [:]][version] = VersionRow(
                revision: sm.revision, description: description, created: State.ms(now))
            return VersionRecord(
                stateMachine: stateMachine, version: version, arn: "\(sm.arn):\(version)", definition: sm.definition,
                description: description, created: now)
        }
    }

    public func version(stateMachine: String, number: Int) throws(StoreError) -> VersionRecord? {
        state.withLock { $0.versionRecord(stateMachine: stateMachine, number: number) }
    }

    public func createAlias(
        stateMachine: String, name: String, routing: [AliasRecord.Route], description: String?, now: Timestamp
    ) throws(StoreError) -> AliasRecord {
        guard routing.count >= 1, routing.count <= 2, routing.reduce(0, { $0 + $1.weight }) == 100 else {
            throw StoreError(.validation, "An alias routes to one or two versions whose weights add up to 100")
        }
        let arn = "\(arnPrefix):stateMachine:\(stateMachine):\(name)"
        return try state.withLock { s throws(StoreError) -> AliasRecord in
            for r in routing where s.versions[stateMachine]?[r.version] == nil {
                throw StoreError(.resourceNotFound, "Version \(r.version) of \(stateMachine) does not exist")
            }
            // ON CONFLICT … DO UPDATE: the routing and description change, the creation time stays.
            if s.aliases[stateMachine]?[name] != nil {
                s.aliases[stateMachine]?[name]?.routing = routing
                s.aliases[stateMachine]?[name]?.description = description
            } else {
                s.aliases[stateMachine, default: [:]][name] = AliasRow(
                    routing: routing, description: description, created: State.ms(now))
            }
            return AliasRecord(
                stateMachine: stateMachine, name: name, arn: arn, routing: routing, description: description, created: now)
        }
    }

    public func alias(stateMachine: String, name: String) throws(StoreError) -> AliasRecord? {
        let prefix = arnPrefix
        return state.withLock { $0.aliasRecord(stateMachine: stateMachine, name: name, prefix: prefix) }
    }

    public func newRevision(stateMachine: String, now: Timestamp) throws(StoreError) -> StateMachineRecord {
        try state.withLock { s throws(StoreError) -> StateMachineRecord in
            guard var record = s.stateMachines[stateMachine]?.record else {
                throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(stateMachine)'")
            }
            record.revision += 1
            record.updated = State.ms(now)
            s.stateMachines[stateMachine]?.record = record
            s.revisions[stateMachine, default: [:]][record.revision] = record.definition
            record.updated = now
            return record
        }
    }

    public func setRoleArn(stateMachine: String, roleArn: String?) throws(StoreError) {
        update { $0.stateMachines[stateMachine]?.record.roleArn = roleArn }
    }

    public func deleteStateMachine(name: String) throws(StoreError) {
        let arn = "\(arnPrefix):stateMachine:\(name)"
        state.withLock { s in
            s.aliases[name] = nil
            s.versions[name] = nil
            s.revisions[name] = nil
            s.tags[arn] = nil
            s.stateMachines[name] = nil
        }
    }

    public func listVersions(stateMachine: String) throws(StoreError) -> [VersionRecord] {
        state.withLock { s in
            (s.versions[stateMachine] ?? [:]).keys.sorted(by: >).compactMap {
                s.versionRecord(stateMachine: stateMachine, number: $0)
            }
        }
    }

    public func listAliases(stateMachine: String) throws(StoreError) -> [AliasRecord] {
        let prefix = arnPrefix
        return state.withLock { s in
            (s.aliases[stateMachine] ?? [:]).keys.sorted(by: State.precedes).compactMap {
                s.aliasRecord(stateMachine: stateMachine, name: $0, prefix: prefix)
            }
        }
    }

    public func deleteVersion(stateMachine: String, number: Int) throws(StoreError) {
        try state.withLock { s throws(StoreError) in
            let referencing = (s.aliases[stateMachine] ?? [:]).filter { $0.value.routing.contains { $0.version == number } }
                .keys.sorted(by: State.precedes)
            if !referencing.isEmpty {
                throw StoreError(
                    .conflict,
                    "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [\(referencing.joined(separator: ", "))]"
                )
            }
            s.versions[stateMachine]?[number] = nil
        }
    }

    public func deleteAlias(stateMachine: String, name: String) throws(StoreError) {
        update { $0.aliases[stateMachine]?[name] = nil }
    }
}
