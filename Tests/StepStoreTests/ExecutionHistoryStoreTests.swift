import StepEngine
import StepJSON
import StepLanguage
import StepService
import Testing

/// The `ExecutionHistoryStore` port: creating executions, committing steps, and what a restarted service
/// recovers, on every adapter.
@Suite struct ExecutionHistoryStoreTests {
    @Test(arguments: StoreAdapter.allCases)
    func anExecutionIsCreatedRunningAndNotStarted(_ adapter: StoreAdapter) throws {
        let opened = try adapter.open()
        let s = opened.store
        let (first, created) = try s.start("run-1", of: "m", input: ["a": 1])
        #expect(created)
        #expect(first.arn == "arn:aws:states:us-east-1:111111111111:execution:m:run-1")
        #expect(first.status == .running && first.stopDate == nil && first.output == nil)
        #expect(first.startDate == at(1) && first.redriveCount == 0 && first.version == nil)
        let second = try s.start("run-2", of: "m").record
        #expect(second.id > first.id)
        #expect(try opened.reopen().execution(id: first.id) == first)
        #expect(try s.pendingStarts(after: 0, limit: 10).map(\.id) == [first.id, second.id])
        #expect(try s.pendingStarts(after: first.id, limit: 10).map(\.id) == [second.id])
        #expect(try s.pendingStarts(after: 0, limit: 1).map(\.id) == [first.id])
        #expect(try s.engineState(executionId: first.id) == nil)
        #expect(try s.execution(id: 9999) == nil)
    }

    @Test(arguments: StoreAdapter.allCases)
    func aNameIsTakenOnceAsInAWS(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        let first = try s.start("run", of: "m", input: ["a": 1]).record
        // Same name, same input, still running: the same execution (StartExecution is idempotent).
        let again = try s.start("run", of: "m", input: ["a": 1])
        #expect(again.record == first && !again.created)
        #expect(storeError { _ = try s.start("run", of: "m", input: ["a": 2]) } == .executionAlreadyExists)
        try s.commit([step(first, state: endedState(first, .succeeded))])
        // Ended: the name stays taken, whatever the input.
        #expect(storeError { _ = try s.start("run", of: "m", input: ["a": 1]) } == .executionAlreadyExists)
        // Another state machine may use the name.
        #expect(try s.start("run", of: "other").created)
    }

    @Test(arguments: StoreAdapter.allCases)
    func anExecutionNeedsItsStateMachineAndVersion(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        let new = NewExecution(
            arn: "arn:aws:states:us-east-1:111111111111:execution:absent:x", name: "x", stateMachine: "absent",
            stateMachineArn: "arn:aws:states:us-east-1:111111111111:stateMachine:absent", version: nil, type: .standard,
            input: "{}", startDate: at(1))
        #expect(storeError { _ = try s.createExecution(new) } == .stateMachineDoesNotExist)
        try s.machine("m")
        #expect(storeError { _ = try s.start("x", of: "m", version: 3) } == .resourceNotFound)
        #expect(try s.listExecutions(stateMachine: nil, status: nil, limit: 10).isEmpty)
    }

    @Test(arguments: StoreAdapter.allCases)
    func anExecutionRunsTheDefinitionItStartedWith(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        try s.machine("m")
        _ = try s.publishVersion(stateMachine: "m", description: nil, now: at(1))
        let early = try s.start("early", of: "m").record
        _ = try s.upsertStateMachine(name: "m", definition: succeedDefinition, type: .standard, loggingLevel: "ALL", now: at(2))
        try s.setRoleArn(stateMachine: "m", roleArn: "arn:aws:iam::111111111111:role/r")
        let late = try s.start("late", of: "m").record
        let pinned = try s.start("pinned", of: "m", version: 1).record
        #expect(pinned.version == 1)
        let e = try s.definition(forExecution: early.id)
        #expect(e.definition == passDefinition)
        #expect(e.loggingLevel == "ALL" && e.roleArn == "arn:aws:iam::111111111111:role/r")
        #expect(try s.definition(forExecution: late.id).definition == succeedDefinition)
        #expect(try s.definition(forExecution: pinned.id).definition == passDefinition)
        #expect(storeError { _ = try s.definition(forExecution: 9999) } == .executionDoesNotExist)
    }

    @Test(arguments: StoreAdapter.allCases)
    func executionsAreFoundByArnOrNameAndListedNewestFirst(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        let a1 = try s.start("shared", of: "a").record
        let b1 = try s.start("shared", of: "b").record
        let a2 = try s.start("other", of: "a").record
        try s.commit([step(a2, state: endedState(a2, .failed))])
        #expect(try s.execution(reference: a1.arn)?.id == a1.id)
        #expect(try s.execution(reference: "shared")?.id == b1.id, "by name: the newest of that name")
        #expect(try s.execution(reference: "nothing") == nil)
        #expect(try s.listExecutions(stateMachine: nil, status: nil, limit: 10).map(\.id) == [a2.id, b1.id, a1.id])
        #expect(try s.listExecutions(stateMachine: "a", status: nil, limit: 10).map(\.id) == [a2.id, a1.id])
        #expect(try s.listExecutions(stateMachine: nil, status: .running, limit: 10).map(\.id) == [b1.id, a1.id])
        #expect(try s.listExecutions(stateMachine: "a", status: .failed, limit: 10).map(\.id) == [a2.id])
        #expect(try s.listExecutions(stateMachine: nil, status: nil, limit: 2).map(\.id) == [a2.id, b1.id])
    }

    @Test(arguments: StoreAdapter.allCases)
    func aCommittedStepIsWhatARestartedServiceRecovers(_ adapter: StoreAdapter) throws {
        let opened = try adapter.open()
        let s = opened.store
        let run = try s.start("run", of: "m").record
        var state = runningState(run)
        state.nextEventId = 4
        try s.commit([
            step(
                run, state: state, events: [event(1, .executionStarted), event(2, .taskStateEntered), event(3, .taskScheduled)],
                timersStarted: [(id: 1, due: at(60)), (id: 2, due: at(120))],
                tasksStarted: [task(1, of: run), task(2, of: run, token: "tok-2")])
        ])
        let after = try opened.reopen()
        #expect(try after.execution(id: run.id)?.status == .running)
        #expect(try after.pendingStarts(after: 0, limit: 10).isEmpty, "a committed execution has started")
        #expect(try after.engineState(executionId: run.id)?.nextEventId == 4)
        #expect(
            try after.history(executionId: run.id).map { $0["type"]?.stringValue } == [
                "ExecutionStarted", "TaskStateEntered", "TaskScheduled",
            ])
        #expect(try after.history(executionId: run.id).map { $0["id"]?.intValue } == [1, 2, 3])
        let timers = try after.timers().sorted { $0.timer < $1.timer }
        #expect(
            timers == [TimerRecord(executionId: run.id, timer: 1, due: at(60)), TimerRecord(executionId: run.id, timer: 2, due: at(120))])
        #expect(
            try after.pendingTasks() == [
                PendingTaskRecord(executionId: run.id, request: task(1, of: run)),
                PendingTaskRecord(executionId: run.id, request: task(2, of: run, token: "tok-2")),
            ])

        // The next step: a timer fired, a task answered, the token task handed over.
        try s.commit([step(run, events: [event(4, .taskSucceeded)], timersDone: [1], tasksDone: [1], tasksSubmitted: [2])])
        #expect(try after.timers().map(\.timer) == [2])
        #expect(try after.pendingTasks().isEmpty, "the handed-over task is awaited, not run again")
        #expect(try after.task(token: "tok-2")?.task == 2)
        #expect(try after.history(executionId: run.id).count == 4)
    }

    @Test(arguments: StoreAdapter.allCases)
    func theStepThatEndsAnExecutionClearsItsTimersAndTasks(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        let run = try s.start("run", of: "m").record
        let bystander = try s.start("bystander", of: "m").record
        try s.commit([
            step(run, timersStarted: [(id: 1, due: at(60))], tasksStarted: [task(1, of: run, token: "t1")]),
            step(bystander, timersStarted: [(id: 1, due: at(90))]),
        ])
        try s.commit([
            step(
                run, state: endedState(run, .succeeded, output: ["n": 1]), events: [event(1, .executionSucceeded)],
                timersStarted: [(id: 2, due: at(70))], tasksStarted: [task(2, of: run)])
        ])
        let ended = try #require(try s.execution(id: run.id))
        #expect(ended.status == .succeeded && ended.stopDate == at(9))
        #expect(try JSON(parsing: ended.output ?? "") == ["n": 1])
        #expect(try s.timers() == [TimerRecord(executionId: bystander.id, timer: 1, due: at(90))])
        #expect(try s.pendingTasks().isEmpty)
        #expect(try s.task(token: "t1") == nil)
        let failed = try s.start("failing", of: "m").record
        try s.commit([step(failed, state: endedState(failed, .failed))])
        let f = try #require(try s.execution(id: failed.id))
        #expect(f.status == .failed && f.error == "States.TaskFailed" && f.cause == "it broke" && f.output == nil)
    }

    @Test(arguments: StoreAdapter.allCases)
    func aBatchIsCommittedWhollyOrNotAtAll(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        let a = try s.start("a", of: "m").record
        let b = try s.start("b", of: "m").record
        try s.commit([step(b, events: [event(1, .executionStarted)])])
        // The second step repeats b's event 1: the whole batch fails, a's step included.
        #expect(
            thrown {
                try s.commit([
                    step(a, events: [event(1, .executionStarted)], timersStarted: [(id: 1, due: at(5))]),
                    step(b, events: [event(1, .executionStarted)]),
                ])
            } != nil)
        #expect(try s.history(executionId: a.id).isEmpty)
        #expect(try s.timers().isEmpty)
        #expect(try s.pendingStarts(after: 0, limit: 10).map(\.id) == [a.id])
        try s.commit([])
    }

    @Test(arguments: StoreAdapter.allCases)
    func anExpressRunIsRecordedWhenItEnds(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        try s.machine("x", type: .express)
        let run = try s.start("fast", of: "x").record
        #expect(run.type == .express)
        let events = [event(1, .executionStarted), event(2, .passStateEntered), event(3, .executionSucceeded)]
        try s.recordFinished(executionId: run.id, state: endedState(run, .succeeded), events: events)
        // Recorded again (a retried write): the events are not doubled.
        try s.recordFinished(executionId: run.id, state: endedState(run, .succeeded), events: events)
        #expect(try s.execution(id: run.id)?.status == .succeeded)
        #expect(try s.history(executionId: run.id).count == 3)
        #expect(try s.pendingStarts(after: 0, limit: 10).isEmpty)
        #expect(try s.pendingStatusEvents(limit: 10).isEmpty, "an Express run sends no status event")
    }
}
