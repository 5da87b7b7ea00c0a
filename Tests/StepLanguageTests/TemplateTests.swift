import StepJSON
import Testing

@testable import StepLanguage

/// Compiles `template` as the `Parameters` of a one-state machine (or its `ResultSelector`).
private func compile(_ template: String, field: String = "Parameters") throws -> Template {
    let text =
        #"{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","\#(field)":\#(template),"End":true}}}"#
    let machine = try DefinitionParser.parse(text)
    let state = machine.root.states[0]
    let t = field == "Parameters" ? state.parameters : state.resultSelector
    return try #require(t)
}

private func evaluate(
    _ template: String, input: JSON, context: JSON = [:], variables: [String: JSON] = [:], field: String = "Parameters"
) throws -> JSON {
    var rng = SplitMix64(seed: 1)
    return try compile(template, field: field).evaluate(
        input: input, environment: StaticEnvironment(context: context, variables: variables), random: &rng)
}

private func failure(_ template: String, input: JSON, variables: [String: JSON] = [:]) throws -> StatesError? {
    do {
        _ = try evaluate(template, input: input, variables: variables)
        return nil
    } catch let e as StatesError {
        return e
    }
}

@Suite struct TemplateTests {
    @Test func constantTemplatesFoldAndComeBackUnchanged() throws {
        let text = #"{"a":1,"b":[true,null,{"c":"d"}],"e":{"f":2.5}}"#
        let t = try compile(text)
        #expect(t.isConstant)
        #expect(try evaluate(text, input: ["ignored": 1]).serialized() == text)
    }

    @Test func dynamicKeysLoseTheirSuffixAndKeepTheirPlace() throws {
        let out = try evaluate(
            #"{"first":1,"name.$":"$.user.name","last":"z"}"#, input: ["user": ["name": "Ada"]])
        #expect(out.serialized() == #"{"first":1,"name":"Ada","last":"z"}"#)
        #expect(try !compile(#"{"name.$":"$.user.name"}"#).isConstant)
    }

    @Test func pathsSelectWholeValuesAndIndefiniteResults() throws {
        let input: JSON = ["items": [["id": 1], ["id": 2]], "o": ["k": nil]]
        let out = try evaluate(
            #"{"all.$":"$","ids.$":"$.items[*].id","first.$":"$.items[0]","null.$":"$.o.k","none.$":"$.items[?(@.id > 5)]"}"#,
            input: input)
        #expect(out["all"] == input)
        #expect(out["ids"] == [1, 2])
        #expect(out["first"] == ["id": 1])
        #expect(out["null"] == .null)
        #expect(out["none"] == [])
    }

    @Test func nestedObjectsAndArrays() throws {
        let out = try evaluate(
            #"{"outer":{"inner":{"v.$":"$.v"},"list":[{"w.$":"$.w"},"lit",[{"x.$":"$.v"}]]}}"#, input: ["v": 1, "w": "two"])
        #expect(out.serialized() == #"{"outer":{"inner":{"v":1},"list":[{"w":"two"},"lit",[{"x":1}]]}}"#)
    }

    @Test func dollarSuffixInsideArraysIsStillAKey() throws {
        // A string value in an array is never evaluated, even when it looks like a path.
        let out = try evaluate(#"{"list":["$.v","$$.x"]}"#, input: ["v": 1])
        #expect(out.serialized() == #"{"list":["$.v","$$.x"]}"#)
    }

    @Test func contextObject() throws {
        let context: JSON = ["Execution": ["Id": "arn:exec", "Input": ["a": 1]], "State": ["Name": "S"]]
        let out = try evaluate(
            #"{"id.$":"$$.Execution.Id","in.$":"$$.Execution.Input.a","st.$":"$$.State","ctx.$":"$$"}"#, input: [:],
            context: context)
        #expect(out["id"] == "arn:exec")
        #expect(out["in"] == 1)
        #expect(out["st"] == ["Name": "S"])
        #expect(out["ctx"] == context)
    }

    @Test func variables() throws {
        let out = try evaluate(
            #"{"x.$":"$x","deep.$":"$obj.list[1]","both.$":"States.Format('{}-{}', $x, $.y)"}"#, input: ["y": "why"],
            variables: ["x": "ex", "obj": ["list": [0, 42]]])
        #expect(out.serialized() == #"{"x":"ex","deep":42,"both":"ex-why"}"#)
    }

    @Test func intrinsicCalls() throws {
        let out = try evaluate(
            #"{"arr.$":"States.Array($.a, 2)","len.$":"States.ArrayLength($.list)","s.$":"States.Format('hi {}', $.a)"}"#,
            input: ["a": 1, "list": [1, 2, 3]])
        #expect(out.serialized() == #"{"arr":[1,2],"len":3,"s":"hi 1"}"#)
    }

    @Test func resultSelectorWorksTheSameWay() throws {
        let out = try evaluate(
            #"{"code.$":"$.StatusCode","body.$":"$.Payload.body"}"#,
            input: ["StatusCode": 200, "Payload": ["body": "ok"], "junk": 1], field: "ResultSelector")
        #expect(out.serialized() == #"{"code":200,"body":"ok"}"#)
    }

    @Test func missingPathMessageNamesFieldPathAndInput() throws {
        let e = try #require(try failure(#"{"value.$":"$.no_such"}"#, input: ["int-literal": 0]))
        #expect(e.error == "States.Runtime")
        #expect(
            e.cause
                == #"The JSONPath '$.no_such' specified for the field 'value.$' could not be found in the input '{"int-literal":0}'"#)
    }

    @Test func missingContextPathShowsTheContextObject() throws {
        var rng = SplitMix64(seed: 1)
        let context: JSON = ["Execution": ["Input": ["int-literal": 0]]]
        do {
            _ = try compile(#"{"value.$":"$$.Execution.Input.no_such_jsonpath"}"#).evaluate(
                input: [:], environment: StaticEnvironment(context: context), random: &rng)
            Issue.record("expected an error")
        } catch let error as StatesError {
            #expect(error.error == "States.Runtime")
            #expect(
                error.cause
                    == #"The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"Execution":{"Input":{"int-literal":0}}}'"#
            )
        }
    }

    @Test func missingNestedPathInANestedTemplate() throws {
        let e = try #require(try failure(#"{"a":{"b":[{"c.$":"$.x.y"}]}}"#, input: ["x": [:]]))
        #expect(e.cause == #"The JSONPath '$.x.y' specified for the field 'c.$' could not be found in the input '{"x":{}}'"#)
    }

    @Test func undefinedVariable() throws {
        let e = try #require(try failure(#"{"v.$":"$nope"}"#, input: [:]))
        #expect(e.error == "States.Runtime")
        #expect(e.cause == "The variable '$nope' referenced in the field 'v.$' is not defined")
    }

    @Test func variableWithAMissingMember() throws {
        let e = try #require(try failure(#"{"v.$":"$obj.missing"}"#, input: [:], variables: ["obj": ["a": 1]]))
        #expect(e.cause == #"The JSONPath '$obj.missing' specified for the field 'v.$' could not be found in the input '{"a":1}'"#)
    }

    @Test func intrinsicFailureIsAnIntrinsicError() throws {
        let e = try #require(try failure(#"{"v.$":"States.ArrayGetItem($.a, 5)"}"#, input: ["a": [1]]))
        #expect(e.error == "States.Runtime" || e.error == "States.IntrinsicFailure")
        #expect(e.cause?.isEmpty == false)
    }

    @Test func evaluationIsRepeatable() throws {
        let t = try compile(#"{"u.$":"States.UUID()","r.$":"States.MathRandom(1, 1000)"}"#)
        var a = SplitMix64(seed: 42)
        var b = SplitMix64(seed: 42)
        let env = StaticEnvironment()
        let x = try t.evaluate(input: [:], environment: env, random: &a)
        let y = try t.evaluate(input: [:], environment: env, random: &b)
        #expect(x == y)
        var c = SplitMix64(seed: 43)
        #expect(try t.evaluate(input: [:], environment: env, random: &c) != x)
    }
}
