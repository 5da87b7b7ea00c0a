import StepJSON
import StepService
import Testing

/// The `ActivityStore` port: the registry and the activity tasks claimed by workers, on every adapter.
@Suite struct ActivityStoreTests {
    let activityArn = "arn:aws:states:us-east-1:111111111111:activity:review"

    @Test(arguments: StoreAdapter.allCases)
    func anActivityIsCreatedOncePerName(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        let created = try s.createActivity(name: "review", tags: [ActivityTag(key: "team", value: "ops")], now: at(1))
        #expect(created.arn == activityArn && created.created == at(1))
        #expect(created.tags == [ActivityTag(key: "team", value: "ops")])
        let again = try s.createActivity(name: "review", tags: [], now: at(2))
        #expect(again == created, "a second CreateActivity returns the first, its tags ignored")
        _ = try s.createActivity(name: "approve", tags: [], now: at(3))
        #expect(try s.listActivities().map(\.name) == ["approve", "review"])
        #expect(try s.activity(arn: activityArn) == created)
        try s.tagResource(activityArn, tags: [ActivityTag(key: "k", value: "v")])
        try s.deleteActivity(arn: activityArn)
        try s.deleteActivity(arn: activityArn)
        #expect(try s.activity(arn: activityArn) == nil)
        #expect(try s.tags(resourceArn: activityArn).isEmpty)
        #expect(try s.listActivities().map(\.name) == ["approve"])
    }

    @Test(arguments: StoreAdapter.allCases)
    func aTaskHandedToTheDatabaseIsClaimedByOneWorkerOldestFirst(_ adapter: StoreAdapter) throws {
        let opened = try adapter.open()
        let s = opened.store
        let first = try s.start("first", of: "m").record
        let second = try s.start("second", of: "m").record
        try s.commit([
            step(second, tasksStarted: [task(1, of: second, resource: activityArn, token: "tok-second")]),
            step(first, tasksStarted: [task(2, of: first, resource: activityArn, token: "tok-first")]),
        ])
        #expect(try s.claimActivityTask(activityArn: activityArn, workerName: "w") == nil, "not handed over yet")
        #expect(try s.pendingTasks().count == 2)
        try s.handOverActivityTask(executionId: second.id, task: 1, published: false)
        try s.handOverActivityTask(executionId: first.id, task: 2, published: false)
        #expect(try s.pendingTasks().isEmpty, "handed over: never run again on recovery")

        let claimed = try #require(try opened.reopen().claimActivityTask(activityArn: activityArn, workerName: "w1"))
        #expect(claimed.executionId == first.id && claimed.task == 2)
        #expect(claimed.assignment.taskToken == "tok-first")
        #expect(try JSON(parsing: claimed.assignment.input) == ["task": 2])
        let next = try #require(try s.claimActivityTask(activityArn: activityArn, workerName: "w2"))
        #expect(next.executionId == second.id && next.assignment.taskToken == "tok-second")
        #expect(try s.claimActivityTask(activityArn: activityArn, workerName: "w3") == nil)
        #expect(try s.task(token: "tok-first")?.executionId == first.id, "a claimed task still waits for its answer")
    }

    @Test(arguments: StoreAdapter.allCases)
    func aTaskPublishedToTheBrokerIsNotClaimedFromTheDatabase(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        let run = try s.start("run", of: "m").record
        let other = "arn:aws:states:us-east-1:111111111111:activity:other"
        try s.commit([
            step(
                run,
                tasksStarted: [task(1, of: run, resource: activityArn, token: "a"), task(2, of: run, resource: other, token: "b")])
        ])
        try s.handOverActivityTask(executionId: run.id, task: 1, published: true)
        try s.handOverActivityTask(executionId: run.id, task: 2, published: false)
        #expect(try s.claimActivityTask(activityArn: activityArn, workerName: nil) == nil)
        #expect(try s.claimActivityTask(activityArn: other, workerName: nil)?.assignment.taskToken == "b")
    }

    @Test(arguments: StoreAdapter.allCases)
    func aWorkerTakingATaskIsARequestForTheService(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        let run = try s.start("run", of: "m").record
        try s.enqueueTaskStarted(executionId: run.id, task: 4, workerName: "worker-7")
        let request = try #require(try s.requests().first)
        #expect(request.kind == .taskStarted && request.executionId == run.id)
        #expect(request.task == 4 && request.workerName == "worker-7")
    }
}
