import StepLanguage
import StepService
import Testing

/// The `StateMachineStore` port: revisions, versions and aliases, on every adapter.
@Suite struct StateMachineStoreTests {
    @Test(arguments: StoreAdapter.allCases)
    func anUpsertMakesARevisionOnlyWhenSomethingChanged(_ adapter: StoreAdapter) throws {
        let opened = try adapter.open()
        let s = opened.store
        let first = try s.upsertStateMachine(name: "m", definition: passDefinition, type: .standard, loggingLevel: "OFF", now: at(0))
        #expect(first.revision == 1)
        #expect(first.arn == "arn:aws:states:us-east-1:111111111111:stateMachine:m")
        #expect(first.created == at(0) && first.updated == at(0))
        let same = try s.upsertStateMachine(name: "m", definition: passDefinition, type: .standard, loggingLevel: "OFF", now: at(5))
        #expect(same == first)
        let changed = try s.upsertStateMachine(
            name: "m", definition: succeedDefinition, type: .standard, loggingLevel: "OFF", now: at(6))
        #expect(changed.revision == 2 && changed.definition == succeedDefinition)
        #expect(changed.created == at(0) && changed.updated == at(6))
        let logged = try s.upsertStateMachine(name: "m", definition: succeedDefinition, type: .standard, loggingLevel: "ALL", now: at(7))
        #expect(logged.revision == 3 && logged.loggingLevel == "ALL")
        #expect(try opened.reopen().stateMachine(name: "m") == logged)
        #expect(try s.stateMachine(name: "absent") == nil)
    }

    @Test(arguments: StoreAdapter.allCases)
    func stateMachinesAreListedByName(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        for name in ["zeta", "alpha", "mid"] { try s.machine(name) }
        try s.machine("express", type: .express)
        #expect(try s.listStateMachines().map(\.name) == ["alpha", "express", "mid", "zeta"])
        #expect(try s.stateMachine(name: "express")?.type == .express)
    }

    @Test(arguments: StoreAdapter.allCases)
    func versionsAreNumberedOncePerDefinitionAndNeverReused(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        try s.machine("m")
        let v1 = try s.publishVersion(stateMachine: "m", description: "first", now: at(1))
        #expect(v1.version == 1 && v1.arn == "arn:aws:states:us-east-1:111111111111:stateMachine:m:1")
        #expect(v1.description == "first" && v1.definition == passDefinition && v1.created == at(1))
        // The same revision again: the same version, as AWS answers.
        #expect(try s.publishVersion(stateMachine: "m", description: "again", now: at(2)) == v1)
        _ = try s.upsertStateMachine(name: "m", definition: succeedDefinition, type: .standard, loggingLevel: "OFF", now: at(3))
        let v2 = try s.publishVersion(stateMachine: "m", description: nil, now: at(4))
        #expect(v2.version == 2 && v2.definition == succeedDefinition)
        #expect(try s.version(stateMachine: "m", number: 1)?.definition == passDefinition)
        #expect(try s.listVersions(stateMachine: "m").map(\.version) == [2, 1])
        try s.deleteVersion(stateMachine: "m", number: 2)
        #expect(try s.version(stateMachine: "m", number: 2) == nil)
        let v3 = try s.publishVersion(stateMachine: "m", description: nil, now: at(5))
        #expect(v3.version == 3, "a deleted version's number is not given again")
        try s.deleteVersion(stateMachine: "m", number: 42)
        #expect(try s.version(stateMachine: "absent", number: 1) == nil)
        #expect(storeError { _ = try s.publishVersion(stateMachine: "absent", description: nil, now: at(6)) } == .stateMachineDoesNotExist)
    }

    @Test(arguments: StoreAdapter.allCases)
    func aRoleOnlyRevisionPublishesTheLatestVersionAgain(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        try s.machine("m")
        let v1 = try s.publishVersion(stateMachine: "m", description: nil, now: at(1))
        try s.setRoleArn(stateMachine: "m", roleArn: "arn:aws:iam::111111111111:role/other")
        let next = try s.newRevision(stateMachine: "m", now: at(2))
        #expect(next.revision == 2 && next.definition == passDefinition && next.updated == at(2))
        #expect(next.roleArn == "arn:aws:iam::111111111111:role/other")
        #expect(try s.publishVersion(stateMachine: "m", description: nil, now: at(3)).version == v1.version)
        #expect(storeError { _ = try s.newRevision(stateMachine: "absent", now: at(4)) } == .stateMachineDoesNotExist)
    }

    @Test(arguments: StoreAdapter.allCases)
    func aliasesRouteToExistingVersionsWithWeightsOfAHundred(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        try s.machine("m")
        _ = try s.publishVersion(stateMachine: "m", description: nil, now: at(1))
        _ = try s.upsertStateMachine(name: "m", definition: succeedDefinition, type: .standard, loggingLevel: "OFF", now: at(2))
        _ = try s.publishVersion(stateMachine: "m", description: nil, now: at(2))
        let split: [AliasRecord.Route] = [.init(version: 1, weight: 90), .init(version: 2, weight: 10)]
        let live = try s.createAlias(stateMachine: "m", name: "live", routing: split, description: "canary", now: at(3))
        #expect(live.arn == "arn:aws:states:us-east-1:111111111111:stateMachine:m:live")
        #expect(try s.alias(stateMachine: "m", name: "live")?.routing == split)
        #expect(try s.alias(stateMachine: "m", name: "live")?.description == "canary")
        _ = try s.createAlias(stateMachine: "m", name: "beta", routing: [.init(version: 2, weight: 100)], description: nil, now: at(4))
        #expect(try s.listAliases(stateMachine: "m").map(\.name) == ["beta", "live"])

        let underweight: [AliasRecord.Route] = [.init(version: 1, weight: 50)]
        #expect(
            storeError { _ = try s.createAlias(stateMachine: "m", name: "x", routing: underweight, description: nil, now: at(5)) }
                == .validation)
        let three: [AliasRecord.Route] = [.init(version: 1, weight: 50), .init(version: 2, weight: 25), .init(version: 1, weight: 25)]
        #expect(
            storeError { _ = try s.createAlias(stateMachine: "m", name: "x", routing: three, description: nil, now: at(5)) } == .validation)
        let missing: [AliasRecord.Route] = [.init(version: 7, weight: 100)]
        #expect(
            storeError { _ = try s.createAlias(stateMachine: "m", name: "x", routing: missing, description: nil, now: at(5)) }
                == .resourceNotFound)
        #expect(try s.alias(stateMachine: "m", name: "x") == nil)

        // Created again: the routing is replaced.
        let moved: [AliasRecord.Route] = [.init(version: 2, weight: 100)]
        _ = try s.createAlias(stateMachine: "m", name: "live", routing: moved, description: nil, now: at(6))
        #expect(try s.alias(stateMachine: "m", name: "live")?.routing == moved)
    }

    @Test(arguments: StoreAdapter.allCases)
    func aVersionAnAliasRoutesToCannotBeDeleted(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        try s.machine("m")
        _ = try s.publishVersion(stateMachine: "m", description: nil, now: at(1))
        _ = try s.createAlias(stateMachine: "m", name: "live", routing: [.init(version: 1, weight: 100)], description: nil, now: at(2))
        let refused = thrown { try s.deleteVersion(stateMachine: "m", number: 1) }
        #expect(refused?.code == .conflict)
        #expect(refused?.message.contains("[live]") == true)
        #expect(try s.version(stateMachine: "m", number: 1) != nil)
        try s.deleteAlias(stateMachine: "m", name: "live")
        try s.deleteAlias(stateMachine: "m", name: "live")
        try s.deleteVersion(stateMachine: "m", number: 1)
        #expect(try s.listVersions(stateMachine: "m").isEmpty)
    }

    @Test(arguments: StoreAdapter.allCases)
    func deletingAStateMachineKeepsItsExecutionsOnly(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        let sm = try s.machine("m")
        _ = try s.publishVersion(stateMachine: "m", description: nil, now: at(1))
        _ = try s.createAlias(stateMachine: "m", name: "live", routing: [.init(version: 1, weight: 100)], description: nil, now: at(2))
        try s.tagResource(sm.arn, tags: [ActivityTag(key: "team", value: "etl")])
        let run = try s.start("run", of: "m").record
        try s.deleteStateMachine(name: "m")
        try s.deleteStateMachine(name: "m")
        #expect(try s.stateMachine(name: "m") == nil)
        #expect(try s.listVersions(stateMachine: "m").isEmpty)
        #expect(try s.listAliases(stateMachine: "m").isEmpty)
        #expect(try s.tags(resourceArn: sm.arn).isEmpty)
        #expect(try s.execution(id: run.id) == run)
        // A new machine of that name starts again at revision 1.
        #expect(try s.machine("m").revision == 1)
    }
}
