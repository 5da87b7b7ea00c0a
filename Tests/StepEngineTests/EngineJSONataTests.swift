import StepEngine
import StepJSON
import StepLanguage
import Testing

/// JSONata-mode states driven event by event: `Arguments`, `Output`, `Assign`, `$states`, `Condition`, `Items`.
@Suite struct EngineJSONataTests {
    let lambda = "arn:aws:states:::lambda:invoke"

    @Test func taskArgumentsOutputAndAssignSeeStatesInputAndResult() throws {
        var h = try Harness(
            #"""
            {"QueryLanguage":"JSONata","StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"\#(lambda)",
                   "Arguments":{"FunctionName":"f","Payload":{"n":"{% $states.input.n * 2 %}"}},
                   "Assign":{"seen":"{% $states.result.Payload %}","before":"{% $states.input.n %}"},
                   "Output":{"sum":"{% $states.result.Payload + $states.input.n %}"},"Next":"P"},
              "P":{"Type":"Pass","Output":{"sum":"{% $states.input.sum %}","seen":"{% $seen %}","before":"{% $before %}"},"End":true}}}
            """#, input: ["n": 5])
        #expect(h.newTasks.first?.input == ["FunctionName": "f", "Payload": ["n": 10]])
        h.succeed(h.newTasks[0].id, ["Payload": 100])
        #expect(h.status == .succeeded)
        #expect(h.state.output == ["sum": 105, "seen": 100, "before": 5])
    }

    @Test func catchOutputAndAssignSeeTheErrorOutput() throws {
        var h = try Harness(
            #"""
            {"QueryLanguage":"JSONata","StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"\#(lambda)","Arguments":{"FunctionName":"f"},
                   "Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"err":"{% $states.errorOutput.Error %}"},
                             "Output":{"why":"{% $states.errorOutput.Cause %}"},"Next":"P"}],"End":true},
              "P":{"Type":"Pass","Output":{"why":"{% $states.input.why %}","err":"{% $err %}"},"End":true}}}
            """#)
        h.fail(h.newTasks[0].id, "Boom", "it broke")
        #expect(h.state.output == ["why": "it broke", "err": "Boom"])
    }

    @Test func choiceConditionsAndMapItems() throws {
        let h = try Harness(
            #"""
            {"QueryLanguage":"JSONata","StartAt":"M","States":{
              "M":{"Type":"Map","Items":"{% $states.input.xs %}",
                   "ItemSelector":{"v":"{% $states.context.Map.Item.Value %}","i":"{% $states.context.Map.Item.Index %}"},
                   "ItemProcessor":{"StartAt":"C","States":{
                     "C":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.v > 1 %}","Next":"Big","Output":{"big":"{% $states.input.i %}"}}],"Default":"Small"},
                     "Big":{"Type":"Succeed"},"Small":{"Type":"Pass","Output":"small","End":true}}},
                   "Output":"{% $states.result %}","End":true}}}
            """#, input: ["xs": [1, 2, 3]])
        #expect(h.status == .succeeded)
        #expect(h.state.output == ["small", ["big": 1], ["big": 2]])
    }

    @Test func undefinedResultsAreQueryEvaluationErrors() throws {
        let h = try Harness(
            #"{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{"x":"{% $nope %}"},"End":true}}}"#)
        #expect(h.status == .failed)
        #expect(h.state.error == "States.QueryEvaluationError")
        #expect(
            h.state.cause?.hasSuffix("The JSONata expression '$nope' specified for the field 'Output/x' returned nothing (undefined).")
                == true)
        #expect(h.types == ["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"])
    }

    @Test func anExpressionPastItsStepBudgetFailsTheStateAlone() throws {
        let h = try Harness(
            #"{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $count([1..4000000]) + $length($pad('', 268000000)) %}","End":true}}}"#
        )
        #expect(h.status == .failed)
        #expect(h.state.error == "States.QueryEvaluationError")
        #expect(
            h.state.cause?.hasSuffix(
                "threw an error during evaluation. U1001: Expression evaluation exceeded its budget of 20000000 steps: Check for infinite loop"
            )
                == true, "\(h.state.cause ?? "")")
    }

    @Test func awsFunctionsAreAvailable() throws {
        let h = try Harness(
            #"{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{"p":"{% $partition([1,2,3],2) %}","r":"{% $range(0,4,2) %}","j":"{% $parse('{\"a\":1}') %}","h":"{% $hash('x','SHA-256') %}"},"End":true}}}"#
        )
        #expect(h.state.output?["p"] == [[1, 2], [3]])
        #expect(h.state.output?["r"] == [0, 2, 4])
        #expect(h.state.output?["j"] == ["a": 1])
        #expect(h.state.output?["h"] == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881")
    }

    @Test func jsonPathFieldsAreRejectedInJSONataStates() {
        #expect {
            try DefinitionParser.parse(
                #"{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.a","End":true}}}"#)
        } throws: { error in
            (error as? DefinitionError)?.diagnostics.contains { $0.location == "/States/P/InputPath" } == true
        }
    }
}
