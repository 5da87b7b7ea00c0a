import StepEngine
import StepJSON
import StepLanguage
import Testing

@Suite struct EngineTaskTests {
    @Test func schedulesThenSucceeds() throws {
        var h = try Harness(
            single(
                #"{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload.$":"$.p"},"ResultSelector":{"body.$":"$.Payload.body","code.$":"$.StatusCode"},"ResultPath":"$.result","OutputPath":"$.result","End":true}"#
            ), input: ["p": ["x": 1], "other": 2])
        #expect(h.status == .running)
        #expect(h.types == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted"])
        let task = try #require(h.newTasks.first)
        #expect(h.newTasks.count == 1)
        #expect(task.resource == lambdaInvoke)
        #expect(task.input == json(#"{"FunctionName":"f","Payload":{"x":1}}"#))
        #expect(task.stateName == "S")
        #expect(task.executionArn == "arn:aws:states:us-east-1:111111111111:execution:machine:exec")
        #expect(task.timeoutSeconds == nil)
        #expect(task.taskToken == nil)
        #expect(h.state.pendingTasks == [task.id])

        let scheduled = h.events("TaskScheduled")[0]
        #expect(scheduled.detailsKey == "taskScheduledEventDetails")
        #expect(scheduled.renderedDetails["resourceType"] == "lambda")
        #expect(scheduled.renderedDetails["resource"] == "invoke")
        #expect(scheduled.renderedDetails["region"] == "us-east-1")
        #expect(scheduled.renderedDetails["parameters"] == #"{"FunctionName":"f","Payload":{"x":1}}"#)
        #expect(h.events("TaskStarted")[0].renderedDetails == ["resourceType": "lambda", "resource": "invoke"])

        h.succeed(task.id, json(#"{"StatusCode":200,"Payload":{"body":"ok"},"ExecutedVersion":"$LATEST"}"#), at: at(3))
        #expect(h.status == .succeeded)
        #expect(h.state.output == json(#"{"body":"ok","code":200}"#))
        #expect(h.types.suffix(3) == ["TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"])
        let succeeded = h.events("TaskSucceeded")[0]
        #expect(succeeded.renderedDetails["output"] == #"{"StatusCode":200,"Payload":{"body":"ok"},"ExecutedVersion":"$LATEST"}"#)
        #expect(succeeded.renderedDetails["resourceType"] == "lambda")
        #expect(succeeded.timestamp == at(3))
        #expect(try h.exitOutput("S") == json(#"{"body":"ok","code":200}"#))
        #expect(h.state.pendingTasks.isEmpty)
        h.expectWellFormed()
    }

    @Test func resultPathMergesIntoTheRawInput() throws {
        var h = try Harness(
            single(
                #"{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","InputPath":"$.sub","ResultPath":"$.deep.res","End":true}"#),
            input: ["sub": ["a": 1], "keep": true])
        #expect(h.newTasks[0].input == ["a": 1])
        h.succeed(h.newTasks[0].id, "done")
        #expect(h.state.output == json(#"{"sub":{"a":1},"keep":true,"deep":{"res":"done"}}"#))
    }

    @Test func resultPathThatCannotApplyFailsTheState() throws {
        var h = try Harness(
            single(#"{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","ResultPath":"$.a.b","End":true}"#), input: ["a": [1, 2]])
        h.succeed(h.newTasks[0].id, 1)
        #expect(h.status == .failed)
        #expect(h.state.error == "States.ResultPathMatchFailure")
    }

    @Test func lambdaFunctionArnRecordsLambdaEvents() throws {
        var h = try Harness(single(#"{"Type":"Task","Resource":"\#(lambdaFunction)","TimeoutSeconds":9,"End":true}"#), input: ["a": 1])
        #expect(h.types == ["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted"])
        let scheduled = h.events("LambdaFunctionScheduled")[0]
        #expect(scheduled.renderedDetails["resource"]?.stringValue == lambdaFunction)
        #expect(scheduled.renderedDetails["input"] == #"{"a":1}"#)
        #expect(scheduled.renderedDetails["timeoutInSeconds"] == 9)
        h.succeed(h.newTasks[0].id, ["r": 1])
        #expect(h.types.suffix(3) == ["LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded"])
        h.expectWellFormed()
    }

    @Test func waitForTaskTokenGetsAToken() throws {
        let h = try Harness(
            single(
                #"{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"MessageBody":{"token.$":"$$.Task.Token"}},"End":true}"#
            ))
        let task = try #require(h.newTasks.first)
        let token = try #require(task.taskToken)
        #expect(!token.isEmpty)
        #expect(task.input["MessageBody"]?["token"] == .string(token))
    }

    @Test func failureWithoutRetryOrCatchFailsTheExecution() throws {
        var h = try Harness(single(#"{"Type":"Task","Resource":"\#(lambdaInvoke)","End":true}"#))
        h.fail(h.newTasks[0].id, "Lambda.Unknown", "it broke")
        #expect(h.status == .failed)
        #expect(h.state.error == "Lambda.Unknown")
        #expect(h.state.cause == "it broke")
        #expect(h.types.suffix(2) == ["TaskFailed", "ExecutionFailed"])
        let failed = h.events("TaskFailed")[0]
        #expect(failed.renderedDetails["error"] == "Lambda.Unknown")
        #expect(failed.renderedDetails["cause"] == "it broke")
        #expect(failed.renderedDetails["resourceType"] == "lambda")
        h.expectWellFormed()
    }

    @Test func oversizedStateOutputFailsTheExecution() throws {
        // The AWS-recorded states_errors.start_large_input case: a Pass state with a 256 KiB+ Result.
        let big = String(repeating: "a", count: 262_144)
        let h = try Harness(single(#"{"Type":"Pass","Result":{"Arg1":"\#(big)"},"End":true}"#))
        #expect(h.status == .failed)
        #expect(h.state.error == "States.DataLimitExceeded")
        #expect(h.state.cause == "The state/task 'S' returned a result with a size exceeding the maximum number of bytes service limit.")
        #expect(h.types == ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"])
    }

    /// The AWS-recorded states_errors.service_task_lambada_catch_state_all_data_limit_exceeded_on_large_utf8_response
    /// case: a task whose result is over 256 KiB fails as a task (TaskFailed with States.DataLimitExceeded and the
    /// resource type in the cause), and `States.ALL` catches it.
    @Test func oversizedTaskResultIsATaskFailureThatCatchAllCatches() throws {
        var h = try Harness(
            #"{"StartAt":"InvokeLambda","States":{"InvokeLambda":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName.$":"$.FunctionName","Payload.$":"$.Payload"},"Next":"ProcessResult","Catch":[{"ErrorEquals":["States.ALL"],"Next":"HandleGeneralError"}]},"ProcessResult":{"Type":"Pass","End":true},"HandleGeneralError":{"Type":"Pass","End":true}}}"#,
            input: ["FunctionName": "f", "Payload": nil])
        h.succeed(h.newTasks[0].id, ["Payload": .string(String(repeating: "é", count: 140_000)), "StatusCode": 200])
        #expect(h.state.isFinished)
        #expect(h.status == .succeeded)
        #expect(
            h.types == [
                "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskStateExited",
                "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
            ])
        #expect(h.events("TaskFailed").first?.renderedDetails["error"] == "States.DataLimitExceeded")
        #expect(
            h.state.output == [
                "Error": "States.DataLimitExceeded",
                "Cause": "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.",
            ])
    }

    @Test func lateOrUnknownTaskResultsAreIgnored() throws {
        var h = try Harness(single(#"{"Type":"Task","Resource":"\#(lambdaInvoke)","End":true}"#))
        let id = h.newTasks[0].id
        h.succeed(id + 100, 1)
        #expect(h.last.events.isEmpty)
        h.succeed(id, 2)
        #expect(h.status == .succeeded)
        let count = h.history.count
        h.succeed(id, 3)
        h.fail(id, "E")
        #expect(h.history.count == count)
        #expect(h.state.output == 2)
    }
}

@Suite struct EngineRetryTests {
    /// Fails the pending task at `time` and returns the retry timer it starts.
    private func failAndGetTimer(_ h: inout Harness, _ error: String, at time: Timestamp) throws -> (id: Int, due: Timestamp) {
        let task = try #require(h.state.pendingTasks.first)
        h.fail(task, error, "cause", at: time)
        let timers = h.newTimers
        #expect(timers.count == 1)
        return try #require(timers.first)
    }

    @Test func backoffGrowsAndIsCappedByMaxDelay() throws {
        var h = try Harness(
            single(
                #"{"Type":"Task","Resource":"\#(lambdaInvoke)","Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":4,"MaxDelaySeconds":10}],"End":true}"#
            ))
        var now = 0
        var dues: [Int] = []
        var scheduledBefore = h.events("TaskScheduled").count
        for _ in 0..<4 {
            let timer = try failAndGetTimer(&h, "Boom", at: at(now))
            dues.append(timer.due.epochMilliseconds - at(now).epochMilliseconds)
            #expect(h.status == .running)
            now += 100
            h.fire(timer.id, at: at(now))
            // After the timer, the task is scheduled again.
            #expect(h.events("TaskScheduled").count == scheduledBefore + 1)
            #expect(h.newTasks.count == 1)
            scheduledBefore += 1
        }
        #expect(dues == [2000, 6000, 10_000, 10_000])
        let last = try #require(h.state.pendingTasks.first)
        h.fail(last, "Boom", "final", at: at(now + 1))
        #expect(h.status == .failed)
        #expect(h.state.error == "Boom")
        #expect(h.state.cause == "final")
        #expect(h.events("TaskFailed").count == 5)
        #expect(h.events("TaskStateEntered").count == 1)
        h.expectWellFormed()
    }

    @Test func fractionalBackoffAndDefaults() throws {
        var h = try Harness(
            single(#"{"Type":"Task","Resource":"\#(lambdaInvoke)","Retry":[{"ErrorEquals":["States.ALL"],"BackoffRate":1.5}],"End":true}"#))
        var dues: [Int] = []
        for i in 0..<3 {
            let timer = try failAndGetTimer(&h, "E", at: at(i * 10))
            dues.append(timer.due.epochMilliseconds - at(i * 10).epochMilliseconds)
            h.fire(timer.id, at: timer.due)
        }
        // IntervalSeconds defaults to 1 and MaxAttempts to 3.
        #expect(dues == [1000, 1500, 2250])
        h.fail(try #require(h.state.pendingTasks.first), "E")
        #expect(h.status == .failed)
    }

    @Test func retriersCountSeparatelyAndOnlyTheFirstMatchApplies() throws {
        var h = try Harness(
            single(
                #"{"Type":"Task","Resource":"\#(lambdaInvoke)","Retry":[{"ErrorEquals":["A"],"MaxAttempts":1,"IntervalSeconds":1},{"ErrorEquals":["A","B"],"MaxAttempts":1,"IntervalSeconds":5}],"End":true}"#
            ))
        var timer = try failAndGetTimer(&h, "B", at: at(0))
        #expect(timer.due == at(5))
        h.fire(timer.id, at: at(5))
        // "A" uses the first retrier, whose count is its own.
        timer = try failAndGetTimer(&h, "A", at: at(6))
        #expect(timer.due == at(7))
        h.fire(timer.id, at: at(7))
        // The first matching retrier is spent: no falling through to the second one.
        h.fail(try #require(h.state.pendingTasks.first), "A", at: at(8))
        #expect(h.newTimers.isEmpty)
        #expect(h.status == .failed)
        #expect(h.state.error == "A")
    }

    @Test func maxAttemptsZeroNeverRetries() throws {
        var h = try Harness(
            single(#"{"Type":"Task","Resource":"\#(lambdaInvoke)","Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":0}],"End":true}"#))
        h.fail(h.newTasks[0].id, "E")
        #expect(h.newTimers.isEmpty)
        #expect(h.status == .failed)
    }

    @Test func fullJitterStaysWithinTheDelayAndIsDeterministic() throws {
        let definition = single(
            #"{"Type":"Task","Resource":"\#(lambdaInvoke)","Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":2,"BackoffRate":2,"MaxDelaySeconds":5,"JitterStrategy":"FULL"}],"End":true}"#
        )
        func dues() throws -> [Int] {
            var h = try Harness(definition)
            var out: [Int] = []
            for i in 0..<2 {
                let timer = try failAndGetTimer(&h, "E", at: at(i * 10))
                out.append(timer.due.epochMilliseconds - at(i * 10).epochMilliseconds)
                h.fire(timer.id, at: timer.due)
            }
            return out
        }
        let first = try dues()
        #expect(first[0] >= 0 && first[0] <= 3000)
        #expect(first[1] >= 0 && first[1] <= 5000)
        #expect(try dues() == first)
    }

    @Test func retryCountIsInTheContextObject() throws {
        var h = try Harness(
            single(
                #"{"Type":"Task","Resource":"\#(lambdaInvoke)","Parameters":{"n.$":"$$.State.RetryCount"},"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2}],"End":true}"#
            ))
        #expect(h.newTasks[0].input == ["n": 0])
        let timer = try failAndGetTimer(&h, "E", at: at(0))
        h.fire(timer.id, at: timer.due)
        #expect(h.newTasks[0].input == ["n": 1])
    }
}

@Suite struct EngineCatchTests {
    let definition =
        #"{"StartAt":"T","States":{"#
        + #""T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Catch":[{"ErrorEquals":["Specific"],"Next":"Specific"},{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Handler"}],"Next":"Done"},"#
        + #""Specific":{"Type":"Pass","End":true},"#
        + #""Handler":{"Type":"Pass","End":true},"#
        + #""Done":{"Type":"Succeed"}}}"#

    @Test func catchAllWithResultPath() throws {
        var h = try Harness(definition, input: ["a": 1])
        h.fail(h.newTasks[0].id, "Boom", "bad")
        #expect(h.status == .succeeded)
        #expect(h.state.output == json(#"{"a":1,"error":{"Error":"Boom","Cause":"bad"}}"#))
        #expect(
            h.types.suffix(5) == ["TaskFailed", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
        #expect(h.history[h.history.count - 3].renderedDetails["name"] == "Handler")
        h.expectWellFormed()
    }

    @Test func firstMatchingCatcherWinsAndWithoutResultPathTheErrorIsTheOutput() throws {
        var h = try Harness(definition, input: ["a": 1])
        h.fail(h.newTasks[0].id, "Specific", nil)
        #expect(h.state.output == ["Error": "Specific"])
    }

    @Test func statesAllDoesNotCatchRuntimeErrors() throws {
        var h = try Harness(
            #"{"StartAt":"RaiseRuntime","States":{"RaiseRuntime":{"Type":"Task","Resource":"\#(lambdaFunction)","OutputPath":"$.no.such.result.path","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"Next":"Final"},"Caught":{"Type":"Pass","End":true},"Final":{"Type":"Pass","End":true}}}"#
        )
        h.succeed(h.newTasks[0].id, [:])
        #expect(h.status == .failed)
        #expect(h.state.error == "States.Runtime")
        #expect(
            h.state.cause
                == "An error occurred while executing the state 'RaiseRuntime' (entered at the event id #2). Invalid path '$.no.such.result.path' : Missing property in path $['no']"
        )
        #expect(h.events("PassStateEntered").isEmpty)
        h.expectWellFormed()
    }

    @Test func evenAnExplicitStatesRuntimeCatcherDoesNotCatch() throws {
        var h = try Harness(
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(lambdaFunction)","OutputPath":"$.x.y","Retry":[{"ErrorEquals":["States.Runtime"]}],"Catch":[{"ErrorEquals":["States.Runtime"],"Next":"C"}],"End":true},"C":{"Type":"Pass","End":true}}}"#
        )
        h.succeed(h.newTasks[0].id, [:])
        #expect(h.newTimers.isEmpty)
        #expect(h.state.error == "States.Runtime")
    }

    @Test(arguments: [
        ("States.TaskFailed", "CustomError", true), ("States.TaskFailed", "States.TaskFailed", true),
        ("States.TaskFailed", "States.Timeout", false), ("States.ALL", "States.Timeout", true),
        ("States.ALL", "States.HeartbeatTimeout", true), ("CustomError", "customerror", false),
        ("States.Timeout", "States.Timeout", true),
    ])
    func errorNameMatching(_ catcher: String, _ error: String, _ caught: Bool) throws {
        var h = try Harness(
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(lambdaInvoke)","Catch":[{"ErrorEquals":["\#(catcher)"],"Next":"C"}],"End":true},"C":{"Type":"Pass","End":true}}}"#
        )
        h.fail(h.newTasks[0].id, error)
        #expect((h.status == .succeeded) == caught)
    }

    @Test func retryThenCatch() throws {
        var h = try Harness(
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(lambdaInvoke)","Retry":[{"ErrorEquals":["E"],"MaxAttempts":1}],"Catch":[{"ErrorEquals":["E"],"ResultPath":"$.err","Next":"C"}],"End":true},"C":{"Type":"Pass","End":true}}}"#,
            input: [:])
        h.fail(h.newTasks[0].id, "E", "first")
        let timer = try #require(h.newTimers.first)
        h.fire(timer.id, at: timer.due)
        h.fail(h.newTasks[0].id, "E", "second", at: timer.due)
        #expect(h.status == .succeeded)
        #expect(h.state.output == json(#"{"err":{"Error":"E","Cause":"second"}}"#))
    }
}

@Suite struct EngineTimeoutTests {
    @Test func taskTimeoutFiresStatesTimeout() throws {
        var h = try Harness(single(#"{"Type":"Task","Resource":"\#(lambdaInvoke)","TimeoutSeconds":30,"End":true}"#))
        let task = try #require(h.newTasks.first)
        #expect(task.timeoutSeconds == 30)
        #expect(h.events("TaskScheduled")[0].renderedDetails["timeoutInSeconds"] == 30)
        let timer = try #require(h.newTimers.first)
        #expect(h.newTimers.count == 1)
        #expect(timer.due == at(30))
        h.fire(timer.id, at: at(30))
        #expect(h.last.commands.cancelledTasks == [task.id])
        #expect(h.status == .failed)
        #expect(h.state.error == "States.Timeout")
        #expect(h.types.suffix(2) == ["TaskTimedOut", "ExecutionFailed"])
        #expect(h.events("TaskTimedOut")[0].renderedDetails["error"] == "States.Timeout")
        h.expectWellFormed()
    }

    @Test func taskTimeoutHistoryMatchesAWS() throws {
        // The AWS-recorded timeouts.fixed_timeout_service_lambda case.
        var h = try Harness(
            #"{"StartAt":"Start","States":{"Start":{"Type":"Task","TimeoutSeconds":5,"Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName.$":"$.FunctionName","Payload.$":"$.Payload"},"End":true}}}"#,
            input: ["FunctionName": "f", "Payload": nil, "TimeoutSecondsValue": 5])
        h.fire(h.newTimers[0].id, at: at(5))
        #expect(
            h.history.map { "\($0.id) \($0.previousEventId) \($0.type)" } == [
                "1 0 ExecutionStarted", "2 0 TaskStateEntered", "3 2 TaskScheduled", "4 3 TaskStarted", "5 4 TaskTimedOut",
                "6 5 ExecutionFailed",
            ])
        #expect(h.history[4].renderedDetails == ["error": "States.Timeout", "resource": "invoke", "resourceType": "lambda"])
        #expect(h.history[5].renderedDetails == ["error": "States.Timeout"])
        #expect(h.history[2].renderedDetails["timeoutInSeconds"] == 5)
        #expect(h.history[2].renderedDetails["parameters"] == #"{"FunctionName":"f","Payload":null}"#)
    }

    @Test func finishingInTimeCancelsTheTimeoutTimer() throws {
        var h = try Harness(single(#"{"Type":"Task","Resource":"\#(lambdaInvoke)","TimeoutSeconds":30,"End":true}"#))
        let timer = try #require(h.newTimers.first)
        h.succeed(h.newTasks[0].id, 1, at: at(5))
        #expect(h.last.commands.cancelledTimers == [timer.id])
        #expect(h.state.pendingTimers.isEmpty)
        h.fire(timer.id, at: at(30))
        #expect(h.last.events.isEmpty)
        #expect(h.state.output == 1)
    }

    @Test func timeoutSecondsPath() throws {
        let h = try Harness(
            single(#"{"Type":"Task","Resource":"\#(lambdaInvoke)","TimeoutSecondsPath":"$.t","End":true}"#), input: ["t": 12])
        #expect(h.newTasks[0].timeoutSeconds == 12)
        #expect(h.newTimers.map(\.due) == [at(12)])
        let bad = try Harness(
            single(
                #"{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:s3:listBuckets","TimeoutSecondsPath":"$.NoSuchTimeoutSecondsPath","Parameters":{},"End":true}"#
            ),
            input: ["int-literal": 0])
        #expect(bad.state.error == "States.Runtime")
        #expect(
            bad.state.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path: $['NoSuchTimeoutSecondsPath']"
        )
    }

    @Test func timeoutIsRetriable() throws {
        var h = try Harness(
            single(
                #"{"Type":"Task","Resource":"\#(lambdaInvoke)","TimeoutSeconds":5,"Retry":[{"ErrorEquals":["States.Timeout"],"MaxAttempts":1}],"End":true}"#
            ))
        h.fire(h.newTimers[0].id, at: at(5))
        let retry = try #require(h.newTimers.first)
        #expect(retry.due == at(6))
        h.fire(retry.id, at: at(6))
        #expect(h.newTasks.count == 1)
        #expect(h.newTimers.map(\.due) == [at(11)])
        h.succeed(h.newTasks[0].id, "ok", at: at(7))
        #expect(h.status == .succeeded)
    }

    @Test func heartbeatResetsTheHeartbeatTimer() throws {
        var h = try Harness(
            single(
                #"{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","TimeoutSeconds":100,"HeartbeatSeconds":10,"End":true}"#
            ))
        let task = try #require(h.newTasks.first)
        #expect(task.heartbeatSeconds == 10)
        let timers = h.newTimers
        #expect(timers.map(\.due) == [at(100), at(10)])
        let firstHeartbeat = timers[1].id
        h.send(.taskHeartbeat(task: task.id), at: at(5))
        #expect(h.last.events.isEmpty)
        #expect(h.last.commands.cancelledTimers == [firstHeartbeat])
        let next = try #require(h.newTimers.first)
        #expect(next.due == at(15))
        // The replaced timer no longer counts.
        h.fire(firstHeartbeat, at: at(10))
        #expect(h.status == .running)
        h.fire(next.id, at: at(15))
        #expect(h.status == .failed)
        #expect(h.state.error == "States.HeartbeatTimeout")
        #expect(h.last.commands.cancelledTasks == [task.id])
        #expect(h.types.suffix(2) == ["TaskTimedOut", "ExecutionFailed"])
    }

    @Test func stopAbortsAndCancelsEverything() throws {
        var h = try Harness(single(#"{"Type":"Task","Resource":"\#(lambdaInvoke)","TimeoutSeconds":30,"End":true}"#))
        let task = try #require(h.newTasks.first)
        let timer = try #require(h.newTimers.first)
        h.send(.stop(error: "Stopped", cause: "by test"), at: at(3))
        #expect(h.status == .aborted)
        #expect(h.state.error == "Stopped")
        #expect(h.state.cause == "by test")
        #expect(h.types.last == "ExecutionAborted")
        #expect(h.history.last?.renderedDetails == ["error": "Stopped", "cause": "by test"])
        #expect(h.last.commands.cancelledTasks == [task.id])
        #expect(h.last.commands.cancelledTimers == [timer.id])
        #expect(h.state.pendingTasks.isEmpty && h.state.pendingTimers.isEmpty)
        #expect(h.state.stopTime == at(3))
        // Nothing happens after the end.
        h.succeed(task.id, 1)
        h.send(.stop(error: nil, cause: nil))
        #expect(h.last.events.isEmpty && h.last.commands.isEmpty)
        h.expectWellFormed()
    }

    @Test func executionTimeout() throws {
        var h = try Harness(
            #"{"StartAt":"T","TimeoutSeconds":60,"States":{"T":{"Type":"Task","Resource":"\#(lambdaInvoke)","End":true}}}"#)
        let timer = try #require(h.newTimers.first)
        #expect(timer.due == at(60))
        let task = try #require(h.newTasks.first)
        h.fire(timer.id, at: at(60))
        #expect(h.status == .timedOut)
        #expect(h.types.last == "ExecutionTimedOut")
        #expect(h.last.commands.cancelledTasks == [task.id])
        #expect(h.state.output == nil)
        h.expectWellFormed()
    }

    @Test func executionTimeoutTimerIsCancelledWhenTheRunEnds() throws {
        var h = try Harness(
            #"{"StartAt":"T","TimeoutSeconds":60,"States":{"T":{"Type":"Task","Resource":"\#(lambdaInvoke)","End":true}}}"#)
        let timer = try #require(h.newTimers.first)
        h.succeed(h.newTasks[0].id, 1, at: at(1))
        #expect(h.status == .succeeded)
        #expect(h.last.commands.cancelledTimers == [timer.id])
    }
}
