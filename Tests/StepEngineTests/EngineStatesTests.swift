import StepEngine
import StepJSON
import StepLanguage
import Testing

@Suite struct EnginePassChainTests {
    @Test func passChainRunsToTheEndInOneStep() throws {
        let h = try Harness(
            #"{"StartAt":"A","States":{"#
                + #""A":{"Type":"Pass","Result":{"x":1,"y":[2]},"ResultPath":"$.r","Next":"B"},"#
                + #""B":{"Type":"Pass","InputPath":"$.r","Parameters":{"sum.$":"States.MathAdd($.x, 10)","y.$":"$.y[0]"},"Next":"C"},"#
                + #""C":{"Type":"Pass","OutputPath":"$.sum","End":true}}}"#,
            input: ["in": true])
        #expect(h.status == .succeeded)
        #expect(h.state.output == 11)
        #expect(h.commands.isEmpty)
        #expect(
            h.types == [
                "ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered", "PassStateExited",
                "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
            ])
        #expect(try h.exitOutput("A") == json(#"{"in":true,"r":{"x":1,"y":[2]}}"#))
        #expect(try h.exitOutput("B") == json(#"{"sum":11,"y":2}"#))
        h.expectWellFormed()
    }

    @Test func eventDetailsHaveAWSShape() throws {
        let h = try Harness(single(#"{"Type":"Pass","End":true}"#), input: ["a": 1])
        let started = h.history[0]
        #expect(started.detailsKey == "executionStartedEventDetails")
        #expect(started.renderedDetails["input"] == #"{"a":1}"#)
        #expect(started.renderedDetails["inputDetails"] == ["truncated": false])
        #expect(started.renderedDetails["roleArn"]?.stringValue?.hasPrefix("arn:aws:iam::") == true)
        let entered = h.history[1]
        // As AWS records it: the first state's entry points at no event.
        #expect(entered.previousEventId == 0)
        #expect(entered.renderedDetails["name"] == "S")
        #expect(entered.renderedDetails["input"] == #"{"a":1}"#)
        let exited = h.history[2]
        #expect(exited.renderedDetails["output"] == #"{"a":1}"#)
        #expect(exited.renderedDetails["assignedVariables"] == nil)
        let done = h.history[3]
        #expect(done.type == .executionSucceeded)
        #expect(done.renderedDetails["output"] == #"{"a":1}"#)
        #expect(done.json["executionSucceededEventDetails"]?["output"] == #"{"a":1}"#)
        #expect(done.json["timestamp"] == "2024-01-01T00:00:00.000Z")
        #expect(h.state.stopTime == t0)
    }

    @Test func nullPathsDiscardAndResultPathNullKeepsInput() throws {
        let h = try Harness(
            single(#"{"Type":"Pass","Result":"r","ResultPath":null,"End":true}"#), input: ["keep": 1])
        #expect(h.state.output == ["keep": 1])
        let h2 = try Harness(single(#"{"Type":"Pass","InputPath":null,"End":true}"#), input: ["drop": 1])
        #expect(h2.state.output == [:])
        let h3 = try Harness(single(#"{"Type":"Pass","OutputPath":null,"End":true}"#), input: ["drop": 1])
        #expect(h3.state.output == [:])
    }

    @Test func contextObjectInParameters() throws {
        let h = try Harness(
            single(
                #"{"Type":"Pass","Parameters":{"name.$":"$$.Execution.Name","id.$":"$$.Execution.Id","sm.$":"$$.StateMachine.Name","state.$":"$$.State.Name","entered.$":"$$.State.EnteredTime","input.$":"$$.Execution.Input"},"End":true}"#
            ), input: ["q": 1], name: "run-7")
        let out = try #require(h.state.output)
        #expect(out["name"] == "run-7")
        #expect(out["id"] == "arn:aws:states:us-east-1:111111111111:execution:machine:run-7")
        #expect(out["sm"] == "machine")
        #expect(out["state"] == "S")
        #expect(out["entered"] == "2024-01-01T00:00:00.000Z")
        #expect(out["input"] == ["q": 1])
    }

    @Test func missingInputPathFailsWithJaywayMessage() throws {
        let h = try Harness(single(#"{"Type":"Pass","InputPath":"$.NoSuchInputPath","End":true}"#), input: ["int-literal": 0])
        #expect(h.status == .failed)
        #expect(h.state.error == "States.Runtime")
        #expect(
            h.state.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"
        )
        #expect(h.types == ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"])
        h.expectWellFormed()
    }

    @Test func missingParameterPathFails() throws {
        let h = try Harness(
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Parameters":{"value.$":"$$.Execution.Input.no_such_jsonpath"},"End":true}}}"#,
            input: ["int-literal": 0])
        #expect(h.state.error == "States.Runtime")
        #expect(
            h.state.cause
                == #"An error occurred while executing the state 'B' (entered at the event id #4). The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"Execution":{"Id":"arn:aws:states:us-east-1:111111111111:execution:machine:exec","Input":{"int-literal":0},"StartTime":"2024-01-01T00:00:00.000Z","Name":"exec","RoleArn":"arn:aws:iam::111111111111:role/stepline","RedriveCount":0},"State":{"EnteredTime":"2024-01-01T00:00:00.000Z","Name":"B"},"StateMachine":{"Id":"arn:aws:states:us-east-1:111111111111:stateMachine:machine","Name":"machine"}}'"#
        )
    }
}

@Suite struct EngineChoiceFailSucceedTests {
    let definition =
        #"{"StartAt":"C","States":{"#
        + #""C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":10,"Next":"Big"},{"And":[{"Variable":"$.n","NumericGreaterThan":0},{"Variable":"$.n","NumericLessThanEquals":10}],"Next":"Small"}],"Default":"Other"},"#
        + #""Big":{"Type":"Succeed","OutputPath":"$.n"},"#
        + #""Small":{"Type":"Pass","Result":"small","End":true},"#
        + #""Other":{"Type":"Fail","Error":"Negative","Cause":"n <= 0"}}}"#

    @Test(arguments: [(50, "Big"), (5, "Small"), (-1, "Other")])
    func branches(_ n: Int, _ target: String) throws {
        let h = try Harness(definition, input: ["n": .int(n)])
        #expect(h.history[3].renderedDetails["name"]?.stringValue == target)
        #expect(h.types[1] == "ChoiceStateEntered")
        #expect(h.types[2] == "ChoiceStateExited")
        switch target {
        case "Big":
            #expect(h.status == .succeeded)
            #expect(h.state.output == .int(n))
            #expect(h.types.suffix(3) == ["SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"])
        case "Small":
            #expect(h.state.output == "small")
        default:
            #expect(h.status == .failed)
            #expect(h.state.error == "Negative")
            #expect(h.state.cause == "n <= 0")
            #expect(h.types.suffix(2) == ["FailStateEntered", "ExecutionFailed"])
            #expect(h.history.last?.renderedDetails == ["error": "Negative", "cause": "n <= 0"])
        }
        h.expectWellFormed()
    }

    @Test func noChoiceMatched() throws {
        let h = try Harness(
            #"{"StartAt":"S","States":{"S":{"Type":"Choice","Choices":[{"Variable":"$.n","IsNull":true,"Next":"E"}]},"E":{"Type":"Succeed"}}}"#,
            input: ["n": 1])
        #expect(h.status == .failed)
        #expect(h.state.error == "States.NoChoiceMatched")
    }

    @Test func choiceOnAMissingVariableIsARuntimeError() throws {
        let h = try Harness(
            #"{"StartAt":"S","States":{"S":{"Type":"Choice","Choices":[{"Variable":"$.missing","StringEquals":"x","Next":"E"}],"Default":"E"},"E":{"Type":"Succeed"}}}"#
        )
        #expect(h.state.error == "States.Runtime")
        #expect(h.state.cause?.contains("$.missing") == true)
    }

    @Test func failWithPathsAndEmptyFail() throws {
        let h = try Harness(
            single(#"{"Type":"Fail","ErrorPath":"$.e","CausePath":"$.c"}"#), input: ["e": "error string", "c": "cause string"])
        #expect(h.state.error == "error string")
        #expect(h.state.cause == "cause string")
        let empty = try Harness(single(#"{"Type":"Fail"}"#))
        #expect(empty.status == .failed)
        #expect(empty.state.error == nil)
        #expect(empty.state.cause == nil)
        #expect(empty.history.last?.renderedDetails == [:])
        let intrinsic = try Harness(single(#"{"Type":"Fail","Error":"E","CausePath":"States.Format('n={}', $.n)"}"#), input: ["n": 3])
        #expect(intrinsic.state.cause == "n=3")
    }

    @Test func failWithAMissingErrorPath() throws {
        let h = try Harness(
            #"{"StartAt":"pass","States":{"pass":{"Type":"Pass","Next":"fail","Parameters":{"Error":"error-value"}},"fail":{"Type":"Fail","ErrorPath":"$.ErrorX"}}}"#,
            input: ["int-literal": 0])
        #expect(h.state.error == "States.Runtime")
        #expect(
            h.state.cause
                == #"An error occurred while executing the state 'fail' (entered at the event id #4). The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{"Error":"error-value"}'"#
        )
    }
}

@Suite struct EngineWaitTests {
    @Test func secondsStartsATimerAndFiringExits() throws {
        var h = try Harness(single(#"{"Type":"Wait","Seconds":10,"End":true}"#), input: ["a": 1])
        #expect(h.status == .running)
        let timers = h.newTimers
        #expect(timers.count == 1)
        #expect(timers.first?.due == at(10))
        #expect(h.state.pendingTimers == [try #require(timers.first?.id)])
        #expect(h.types == ["ExecutionStarted", "WaitStateEntered"])
        h.fire(try #require(timers.first?.id), at: at(10))
        #expect(h.types.suffix(2) == ["WaitStateExited", "ExecutionSucceeded"])
        #expect(h.state.output == ["a": 1])
        #expect(h.history.last?.timestamp == at(10))
        h.expectWellFormed()
    }

    @Test(
        arguments: [
            (#"{"Type":"Wait","SecondsPath":"$.s","End":true}"#, #"{"s":5}"#, 5000),
            (#"{"Type":"Wait","SecondsPath":"$.s","End":true}"#, #"{"s":0}"#, nil),
            (#"{"Type":"Wait","Timestamp":"2024-01-01T01:00:00Z","End":true}"#, "{}", 3_600_000),
            (#"{"Type":"Wait","Timestamp":"2016-03-14T01:59:00Z","End":true}"#, "{}", nil),
            (#"{"Type":"Wait","TimestampPath":"$.t","End":true}"#, #"{"t":"2024-01-01T00:00:01.5Z"}"#, 1500),
            (#"{"Type":"Wait","TimestampPath":"$.t","End":true}"#, #"{"t":"2024-01-01T02:00:00+01:00"}"#, 3_600_000),
            (#"{"Type":"Wait","Seconds":0,"End":true}"#, "{}", nil),
        ] as [(String, String, Int?)])
    func dueTimes(_ state: String, _ input: String, _ dueMillis: Int?) throws {
        let h = try Harness(single(state), input: json(input))
        if let dueMillis {
            #expect(h.newTimers.map(\.due) == [Timestamp(epochMilliseconds: t0.epochMilliseconds + dueMillis)])
            #expect(h.status == .running)
        } else {
            // Due now or in the past: the state exits at once.
            #expect(h.newTimers.isEmpty)
            #expect(h.status == .succeeded)
        }
    }

    @Test(arguments: [
        (#"{"input":{"waitSeconds":-1.5}}"#, "The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == -1.5"),
        (#"{"input":{"waitSeconds":-1}}"#, "The SecondsPath parameter references a negative value: $.input.waitSeconds == -1"),
        (#"{"input":{}}"#, "Invalid path '$.input.waitSeconds' : No results for path: $['input']['waitSeconds']"),
    ])
    func badSecondsPath(_ input: String, _ message: String) throws {
        let h = try Harness(single(#"{"Type":"Wait","SecondsPath":"$.input.waitSeconds","End":true}"#), input: json(input))
        #expect(h.state.error == "States.Runtime")
        #expect(h.state.cause == "An error occurred while executing the state 'S' (entered at the event id #2). " + message)
    }

    @Test(arguments: ["2016-12-05T21:29:29", "2016-13-05T21:29:29Z", "2016-12-05 21:29:29Z", "05-12-2016T21:29:29Z"])
    func badTimestampPath(_ value: String) throws {
        let h = try Harness(
            single(#"{"Type":"Wait","TimestampPath":"$.TimestampValue","End":true}"#), input: ["TimestampValue": .string(value)])
        #expect(h.state.error == "States.Runtime")
        #expect(
            h.state.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == \(value)"
        )
    }

    @Test func waitTooFarInTheFuture() throws {
        let h = try Harness(
            single(#"{"Type":"Wait","TimestampPath":"$.start_at","End":true}"#), input: ["start_at": "2092-01-20T12:00:00.000Z"])
        #expect(h.state.error == "States.Runtime")
        #expect(h.state.cause?.hasSuffix("Wait state delay is too long.") == true)
    }

    @Test func waitKeepsItsInputPathAndAppliesOutputPath() throws {
        var h = try Harness(single(#"{"Type":"Wait","Seconds":1,"InputPath":"$.a","OutputPath":"$.b","End":true}"#), input: ["a": ["b": 2]])
        h.fire(h.newTimers[0].id, at: at(1))
        #expect(h.state.output == 2)
    }

    @Test func aTimerFiringTwiceOrUnknownIsIgnored() throws {
        var h = try Harness(
            #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"Next":"W2"},"W2":{"Type":"Wait","Seconds":5,"End":true}}}"#)
        let first = h.newTimers[0].id
        h.fire(first, at: at(5))
        let count = h.history.count
        h.fire(first, at: at(6))
        h.fire(9999, at: at(6))
        #expect(h.history.count == count)
        #expect(h.last.commands.isEmpty)
        #expect(h.status == .running)
    }
}
