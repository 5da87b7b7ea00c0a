import StepEngine
import StepJSON
import StepLanguage
import Testing

@Suite struct EngineVariablesTests {
    @Test func assignIsVisibleToLaterStates() throws {
        let h = try Harness(
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1,"y.$":"$.v","s.$":"States.Format('v={}', $.v)"},"Next":"B"},"#
                + #""B":{"Type":"Pass","Parameters":{"x.$":"$x","y.$":"$y","s.$":"$s"},"End":true}}}"#, input: ["v": "val"])
        #expect(h.state.output == json(#"{"x":1,"y":"val","s":"v=val"}"#))
        let exited = try #require(h.history.first { $0.type == .passStateExited })
        #expect(exited.renderedDetails["assignedVariables"] == json(#"{"x":"1","y":"\"val\"","s":"\"v=val\""}"#))
        #expect(exited.renderedDetails["assignedVariablesDetails"] == ["truncated": false])
    }

    /// AWS's limit on what one Assign sets: 256 KiB in all, whether in one variable or spread over several.
    @Test func assignOverTheDataLimitFailsTheState() throws {
        let half = String(repeating: "a", count: 140_000)
        let h = try Harness(
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x.$":"$.v","y.$":"$.v"},"Next":"B"},"B":{"Type":"Pass","End":true}}}"#,
            input: ["v": .string(half)])
        #expect(h.status == .failed)
        #expect(h.state.error == "States.DataLimitExceeded")
        #expect(h.state.cause == "The state/task 'A' assigned variables with a size exceeding the maximum number of bytes service limit.")
        #expect(!h.types.contains("PassStateExited"))
        // Just under the limit in all is fine.
        let ok = try Harness(
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x.$":"$.v"},"OutputPath":null,"Next":"B"},"B":{"Type":"Pass","End":true}}}"#,
            input: ["v": .string(String(repeating: "a", count: 200_000))])
        #expect(ok.status == .succeeded)
    }

    @Test func assignSeesTheResultNotTheOutput() throws {
        let h = try Harness(
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"r":5},"ResultPath":"$.res","OutputPath":"$.res","Assign":{"a.$":"$.r"},"Next":"B"},"#
                + #""B":{"Type":"Pass","Parameters":{"a.$":"$a"},"End":true}}}"#)
        #expect(h.state.output == ["a": 5])
    }

    @Test func allAssignmentsReadTheOldValues() throws {
        let h = try Harness(
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1},"Next":"B"},"B":{"Type":"Pass","Assign":{"x":2,"old.$":"$x"},"Next":"C"},"#
                + #""C":{"Type":"Pass","Parameters":{"x.$":"$x","old.$":"$old"},"End":true}}}"#)
        #expect(h.state.output == ["x": 2, "old": 1])
    }

    @Test func variablesInPathsOfEveryKind() throws {
        var h = try Harness(
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"cfg":{"secs":5,"limit":3,"items":[1,2]}},"Next":"W"},"#
                + #""W":{"Type":"Wait","SecondsPath":"$cfg.secs","Next":"C"},"#
                + #""C":{"Type":"Choice","Choices":[{"Variable":"$cfg.limit","NumericEqualsPath":"$cfg.limit","Next":"M"}]},"#
                + #""M":{"Type":"Map","ItemsPath":"$cfg.items","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"#
        )
        #expect(h.newTimers.map(\.due) == [at(5)])
        h.fire(h.newTimers[0].id, at: at(5))
        #expect(h.status == .succeeded)
        #expect(h.state.output == [1, 2])
    }

    @Test func mapIterationsReadOuterVariablesAndTheirOwnDoNotLeak() throws {
        let h = try Harness(
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"outer":"O"},"Next":"M"},"#
                + #""M":{"Type":"Map","ItemSelector":{"item.$":"$$.Map.Item.Value","seen.$":"$outer"},"ItemProcessor":{"StartAt":"I","States":{"#
                + #""I":{"Type":"Pass","Assign":{"inner.$":"$.item"},"Next":"J"},"#
                + #""J":{"Type":"Pass","Parameters":{"inner.$":"$inner","outer.$":"$outer","seen.$":"$.seen"},"End":true}}},"Next":"C"},"#
                + #""C":{"Type":"Choice","Choices":[{"Variable":"$inner","IsPresent":true,"Next":"Leaked"}],"Default":"Kept"},"#
                + #""Leaked":{"Type":"Fail","Error":"Leaked"},"Kept":{"Type":"Pass","End":true}}}"#, input: ["a", "b"])
        #expect(h.status == .succeeded)
        #expect(h.state.output == json(#"[{"inner":"a","outer":"O","seen":"O"},{"inner":"b","outer":"O","seen":"O"}]"#))
    }

    @Test func iterationsDoNotSeeEachOthersVariables() throws {
        var h = try Harness(
            #"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"ItemProcessor":{"StartAt":"C","States":{"#
                + #""C":{"Type":"Choice","Choices":[{"Variable":"$mine","IsPresent":true,"Next":"Seen"}],"Default":"Set"},"#
                + #""Set":{"Type":"Pass","Assign":{"mine.$":"$"},"Next":"T"},"#
                + #""T":{"Type":"Task","Resource":"\#(lambdaInvoke)","End":true},"#
                + #""Seen":{"Type":"Fail","Error":"SawAnotherIteration"}}},"End":true}}}"#, input: [1, 2])
        h.succeed(h.newTasks[0].id, "one")
        h.succeed(h.newTasks[0].id, "two")
        #expect(h.status == .succeeded)
        #expect(h.state.output == ["one", "two"])
    }

    @Test func parallelBranchVariablesDoNotLeak() throws {
        let h = try Harness(
            #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Assign":{"fromBranch":1},"End":true}}}],"Next":"C"},"#
                + #""C":{"Type":"Choice","Choices":[{"Variable":"$fromBranch","IsPresent":false,"Next":"Ok"}],"Default":"Bad"},"#
                + #""Ok":{"Type":"Succeed"},"Bad":{"Type":"Fail","Error":"Leaked"}}}"#)
        #expect(h.status == .succeeded)
    }

    @Test func catchAssignSeesTheErrorOutput() throws {
        var h = try Harness(
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(lambdaInvoke)","Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"err.$":"$.Error","cause.$":"$.Cause"},"ResultPath":null,"Next":"H"}],"End":true},"#
                + #""H":{"Type":"Pass","Parameters":{"e.$":"$err","c.$":"$cause"},"End":true}}}"#)
        h.fail(h.newTasks[0].id, "Boom", "why")
        #expect(h.state.output == ["e": "Boom", "c": "why"])
    }

    @Test func choiceBranchAssign() throws {
        let h = try Harness(
            #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":0,"Assign":{"sign":"positive"},"Next":"R"}],"Default":"R","Assign":{"sign":"other"}},"#
                + #""R":{"Type":"Pass","Parameters":{"sign.$":"$sign"},"End":true}}}"#, input: ["n": 1])
        #expect(h.state.output == ["sign": "positive"])
        let other = try Harness(
            #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":0,"Assign":{"sign":"positive"},"Next":"R"}],"Default":"R","Assign":{"sign":"other"}},"#
                + #""R":{"Type":"Pass","Parameters":{"sign.$":"$sign"},"End":true}}}"#, input: ["n": -1])
        #expect(other.state.output == ["sign": "other"])
    }

    @Test func undefinedVariableFailsTheExecution() throws {
        let h = try Harness(single(#"{"Type":"Pass","Parameters":{"v.$":"$nope"},"End":true}"#))
        #expect(h.status == .failed)
        #expect(h.state.error == "States.Runtime")
        #expect(h.state.cause?.contains("$nope") == true)
    }
}
