import StepEngine
import StepJSON
import StepLanguage
import Testing

/// Task states whose resource is an activity ARN: a token for the worker, `ActivityStarted` when a worker
/// takes the task, and the heartbeat counted from there.
@Suite struct EngineActivityTests {
    let activity = "arn:aws:states:us-east-1:111111111111:activity:review"

    @Test func anActivityTaskGetsAFreshTokenNotShownInTheContext() throws {
        var h = try Harness(
            single(
                #"{"Type":"Task","Resource":"\#(activity)","Parameters":{"ctx.$":"$$"},"Retry":[{"ErrorEquals":["E"],"IntervalSeconds":1}],"End":true}"#
            ), input: ["x": 1])
        #expect(h.types == ["ExecutionStarted", "TaskStateEntered", "ActivityScheduled"])
        let first = try #require(h.newTasks.first)
        let token = try #require(first.taskToken)
        #expect(token.count >= 16)
        #expect(first.input["ctx"]?["Execution"] != nil)
        #expect(first.input["ctx"]?["Task"] == nil, "the context shows no token for an activity")
        h.fail(first.id, "E")
        let retry = try #require(h.newTimers.first)
        h.fire(retry.id, at: at(1))
        let second = try #require(h.newTasks.first)
        #expect(second.taskToken != nil)
        #expect(second.taskToken != token, "each attempt has its own token")
    }

    @Test func aWorkerTakingTheTaskRecordsActivityStartedOnce() throws {
        var h = try Harness(single(#"{"Type":"Task","Resource":"\#(activity)","End":true}"#), input: ["x": 1])
        let task = try #require(h.newTasks.first)
        h.send(.taskStarted(task: task.id, workerName: "w1"), at: at(2))
        h.send(.taskStarted(task: task.id, workerName: "w2"), at: at(3))
        #expect(h.events("ActivityStarted").count == 1)
        let started = h.events("ActivityStarted")[0]
        #expect(started.detailsKey == "activityStartedEventDetails")
        #expect(started.renderedDetails == ["workerName": "w1"])
        h.succeed(task.id, ["done": true], at: at(4))
        #expect(h.status == .succeeded)
        #expect(
            h.types == [
                "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
                "TaskStateExited", "ExecutionSucceeded",
            ])
        h.expectWellFormed()
    }

    @Test func withoutAWorkerNameTheDetailsAreEmpty() throws {
        var h = try Harness(single(#"{"Type":"Task","Resource":"\#(activity)","End":true}"#))
        let task = try #require(h.newTasks.first)
        h.send(.taskStarted(task: task.id, workerName: nil))
        #expect(h.events("ActivityStarted").first?.renderedDetails == [:])
    }

    @Test func theHeartbeatCountsFromTheStart() throws {
        var h = try Harness(single(#"{"Type":"Task","Resource":"\#(activity)","HeartbeatSeconds":10,"End":true}"#))
        let task = try #require(h.newTasks.first)
        let scheduledHeartbeat = try #require(h.newTimers.first)
        #expect(scheduledHeartbeat.due == at(10))
        h.send(.taskStarted(task: task.id, workerName: "w"), at: at(8))
        #expect(h.last.commands.cancelledTimers == [scheduledHeartbeat.id])
        let next = try #require(h.newTimers.first)
        #expect(next.due == at(18))
        h.fire(next.id, at: at(18))
        #expect(h.status == .failed)
        #expect(h.state.error == "States.HeartbeatTimeout")
        #expect(h.types.suffix(2) == ["ActivityTimedOut", "ExecutionFailed"])
        #expect(h.events("ActivityTimedOut")[0].renderedDetails == ["error": "States.HeartbeatTimeout"])
    }

    @Test func startedMeansNothingForOtherTasks() throws {
        var h = try Harness(single(#"{"Type":"Task","Resource":"\#(lambdaInvoke)","End":true}"#))
        let task = try #require(h.newTasks.first)
        #expect(task.taskToken == nil)
        h.send(.taskStarted(task: task.id, workerName: "w"))
        #expect(h.last.events.isEmpty)
        #expect(h.last.commands.isEmpty)
    }
}
