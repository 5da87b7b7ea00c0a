import StepJSON
import Testing

@testable import StepLanguage

/// The diagnostics a definition gives (empty when it is valid).
func diagnostics(_ text: String) -> [Diagnostic] {
    do {
        _ = try DefinitionParser.parse(text)
        return []
    } catch {
        return error.diagnostics
    }
}

/// A one-state-machine wrapper: `states` is the body of `States`, starting at `start`.
private func machine(_ states: String, start: String = "A", extra: String = "") -> String {
    #"{"StartAt":"\#(start)",\#(extra)"States":{\#(states)}}"#
}

private func expectDiagnostic(
    _ text: String, _ code: Diagnostic.Code, at location: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let found = diagnostics(text)
    #expect(
        found.contains { $0.code == code && $0.location == location },
        "expected \(code.rawValue) at \(location), got \(found)", sourceLocation: sourceLocation)
    for d in found {
        #expect(!d.message.isEmpty, sourceLocation: sourceLocation)
        #expect(d.location.hasPrefix("/"), sourceLocation: sourceLocation)
    }
}

@Suite struct ValidationTests {
    @Test func validDefinitionsHaveNoDiagnostics() throws {
        let text = machine(
            #""A":{"Type":"Pass","Comment":"c","InputPath":"$.a","ResultPath":"$.r","OutputPath":"$","Parameters":{"x.$":"$.y","z":[1]},"Assign":{"v.$":"$.x","_w2":1},"Next":"C"},"#
                + #""C":{"Type":"Choice","Choices":[{"Variable":"$.r","IsPresent":true,"Next":"T"}],"Default":"F"},"#
                + #""T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":10,"HeartbeatSeconds":5,"Retry":[{"ErrorEquals":["E"]},{"ErrorEquals":["States.ALL"],"MaxAttempts":0}],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"F"}],"Next":"W"},"#
                + #""W":{"Type":"Wait","SecondsPath":"$.s","Next":"P"},"#
                + #""P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}],"Next":"M"},"#
                + #""M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"ItemSelector":{"i.$":"$$.Map.Item.Value"},"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true},"#
                + #""F":{"Type":"Fail","Error":"E","Cause":"C"}"#, extra: #""Comment":"x","TimeoutSeconds":60,"Version":"1.0","#)
        #expect(diagnostics(text) == [])
        let m = try DefinitionParser.parse(text)
        #expect(m.timeoutSeconds == 60)
        #expect(m.comment == "x")
        #expect(m.processors.count == 3)
        #expect(m.root.states.map(\.name) == ["A", "C", "T", "W", "P", "M", "F"])
        #expect(m.root.states[0].next == 1)
    }

    @Test func invalidJSON() {
        let found = diagnostics(#"{"StartAt": "#)
        #expect(found.count == 1)
        #expect(found.first?.code == .invalidJSON)
        #expect(found.first?.location == "/")
    }

    @Test func notAnObject() {
        expectDiagnostic("[1]", .schemaValidationFailed, at: "/")
    }

    @Test(arguments: [
        (machine(#""A":{"Type":"Pass","End":true,"Foo":1}"#), "/States/A/Foo"),
        (machine(#""A":{"Type":"Pass","End":true}"#, extra: #""Bogus":1,"#), "/Bogus"),
        (machine(#""A":{"Type":"Succeed","Next":"A"}"#), "/States/A/Next"),
        (machine(#""A":{"Type":"Fail","End":true}"#), "/States/A/End"),
        (machine(#""A":{"Type":"Wait","Seconds":1,"End":true,"Resource":"arn:x"}"#), "/States/A/Resource"),
        (
            machine(#""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Retry":[{"ErrorEquals":["E"],"Foo":1}]}"#),
            "/States/A/Retry/0/Foo"
        ),
        (
            machine(
                #""A":{"Type":"Task","Resource":"arn:aws:states:::x","Next":"B","Catch":[{"ErrorEquals":["E"],"Next":"B","Bar":1}]},"B":{"Type":"Succeed"}"#
            ), "/States/A/Catch/0/Bar"
        ),
        (
            machine(#""A":{"Type":"Choice","Choices":[{"Variable":"$.v","Foo":1,"Next":"B"}]},"B":{"Type":"Succeed"}"#),
            "/States/A/Choices/0/Foo"
        ),
        (
            machine(#""A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"B","X":1,"States":{"B":{"Type":"Succeed"}}}]}"#),
            "/States/A/Branches/0/X"
        ),
        (
            machine(#""A":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"B","Y":1,"States":{"B":{"Type":"Succeed"}}}}"#),
            "/States/A/ItemProcessor/Y"
        ),
        (machine(#""a/b~c":{"Type":"Pass","End":true,"Q":1}"#, start: "a/b~c"), "/States/a~1b~0c/Q"),
        (machine(#""A":{"Type":"Pass","End":true,"ResultSelector":{}}"#), "/States/A/ResultSelector"),
        (machine(#""A":{"Type":"Pass","End":true,"Retry":[]}"#), "/States/A/Retry"),
        (machine(#""A":{"Type":"Wait","Seconds":1,"End":true,"Catch":[]}"#), "/States/A/Catch"),
        (
            machine(
                #""A":{"Type":"Choice","ResultPath":"$.x","Choices":[{"Variable":"$.v","IsNull":true,"Next":"B"}]},"B":{"Type":"Succeed"}"#),
            "/States/A/ResultPath"
        ),
        (machine(#""A":{"Type":"Succeed","Parameters":{}}"#), "/States/A/Parameters"),
        (machine(#""A":{"Type":"Fail","InputPath":"$"}"#), "/States/A/InputPath"),
        (
            machine(
                #""A":{"Type":"Choice","Choices":[{"And":[{"Variable":"$.v","IsNull":true,"Next":"B"}],"Next":"B"}]},"B":{"Type":"Succeed"}"#
            ), "/States/A/Choices/0/And/0/Next"
        ),
    ])
    func unknownFields(_ text: String, _ location: String) {
        expectDiagnostic(text, .schemaValidationFailed, at: location)
    }

    @Test(arguments: ["Pass", "Task", "Wait", "Parallel", "Map"])
    func missingNextAndEnd(_ type: String) {
        let body: String
        switch type {
        case "Task": body = #""Resource":"arn:aws:states:::x""#
        case "Wait": body = #""Seconds":1"#
        case "Parallel": body = #""Branches":[{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}]"#
        case "Map": body = #""ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}"#
        default: body = #""Comment":"c""#
        }
        expectDiagnostic(machine(#""A":{"Type":"\#(type)",\#(body)}"#), .missingTransitionTarget, at: "/States/A")
    }

    @Test func endFalseIsNotAnEnd() {
        expectDiagnostic(machine(#""A":{"Type":"Pass","End":false}"#), .missingTransitionTarget, at: "/States/A")
    }

    @Test func nextAndEndTogether() {
        expectDiagnostic(
            machine(#""A":{"Type":"Pass","Next":"B","End":true},"B":{"Type":"Succeed"}"#), .schemaValidationFailed, at: "/States/A")
    }

    @Test(arguments: [
        (machine(#""A":{"Type":"Pass","Next":"Nope"}"#), "/States/A/Next"),
        (machine(#""A":{"Type":"Pass","End":true}"#, start: "Z"), "/StartAt"),
        (machine(#""A":{"Type":"Choice","Choices":[{"Variable":"$.v","IsNull":true,"Next":"A"}],"Default":"Gone"}"#), "/States/A/Default"),
        (
            machine(
                #""A":{"Type":"Choice","Choices":[{"Variable":"$.v","IsNull":true,"Next":"Gone"}],"Default":"B"},"B":{"Type":"Succeed"}"#),
            "/States/A/Choices/0/Next"
        ),
        (
            machine(
                #""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Gone"}]}"#),
            "/States/A/Catch/0/Next"
        ),
        (
            machine(#""A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"X","States":{"B":{"Type":"Succeed"}}}]}"#),
            "/States/A/Branches/0/StartAt"
        ),
        // A branch cannot jump to a state of the enclosing machine.
        (
            machine(#""A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Next":"A"}}}]}"#),
            "/States/A/Branches/0/States/B/Next"
        ),
    ])
    func missingTransitionTargets(_ text: String, _ location: String) {
        expectDiagnostic(text, .missingTransitionTarget, at: location)
    }

    @Test func unreachableStates() {
        expectDiagnostic(
            machine(#""A":{"Type":"Succeed"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Succeed"}"#), .unreachableState, at: "/States/B")
        expectDiagnostic(
            machine(#""A":{"Type":"Succeed"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Succeed"}"#), .unreachableState, at: "/States/C")
        expectDiagnostic(
            machine(
                #""A":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Succeed"},"J":{"Type":"Succeed"}}}}"#),
            .unreachableState, at: "/States/A/ItemProcessor/States/J")
        // Reachable only through a Catch or a Choice default: fine.
        #expect(
            diagnostics(
                machine(
                    #""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"B"}]},"B":{"Type":"Succeed"}"#
                ))
                == [])
    }

    @Test func noTerminalState() {
        expectDiagnostic(machine(#""A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}"#), .missingEndState, at: "/")
        expectDiagnostic(
            machine(#""A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Next":"B"}}}]}"#),
            .missingEndState, at: "/States/A/Branches/0")
    }

    @Test(arguments: [
        (#""InputPath":"foo""#, "/States/A/InputPath"),
        (#""OutputPath":"$.a[""#, "/States/A/OutputPath"),
        (#""ResultPath":"$.a[*]""#, "/States/A/ResultPath"),
        (#""ResultPath":"$..a""#, "/States/A/ResultPath"),
        (#""ResultPath":"$$.Execution""#, "/States/A/ResultPath"),
        (#""ResultPath":"$v.x""#, "/States/A/ResultPath"),
        (#""Parameters":{"x.$":"$.a["}"#, "/States/A/Parameters/x.$"),
        (#""Parameters":{"o":{"list":[{"x.$":"$[?(@.a"}]}}"#, "/States/A/Parameters/o/list/0/x.$"),
    ])
    func badPaths(_ fields: String, _ location: String) {
        expectDiagnostic(machine(#""A":{"Type":"Pass",\#(fields),"End":true}"#), .invalidJSONPath, at: location)
    }

    @Test(arguments: [
        (
            #""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.a[*]","Next":"A"}]}"#,
            "/States/A/Catch/0/ResultPath"
        ),
        (
            #""A":{"Type":"Choice","Choices":[{"Variable":"nope","IsNull":true,"Next":"B"}]},"B":{"Type":"Succeed"}"#,
            "/States/A/Choices/0/Variable"
        ),
        (
            #""A":{"Type":"Choice","Choices":[{"Variable":"$.v","StringEqualsPath":"$[","Next":"B"}]},"B":{"Type":"Succeed"}"#,
            "/States/A/Choices/0/StringEqualsPath"
        ),
        (
            #""A":{"Type":"Task","Resource":"arn:aws:states:::x","ResultSelector":{"r.$":"$.[oops"},"End":true}"#,
            "/States/A/ResultSelector/r.$"
        ),
        (
            #""A":{"Type":"Map","ItemsPath":"items","End":true,"ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}"#,
            "/States/A/ItemsPath"
        ),
        (
            #""A":{"Type":"Map","ItemSelector":{"i.$":"$["},"End":true,"ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}"#,
            "/States/A/ItemSelector/i.$"
        ),
        (#""A":{"Type":"Wait","TimestampPath":"$$$","End":true}"#, "/States/A/TimestampPath"),
        (#""A":{"Type":"Task","Resource":"arn:aws:states:::x","TimeoutSecondsPath":"t","End":true}"#, "/States/A/TimeoutSecondsPath"),
    ])
    func badPathsInOtherFields(_ states: String, _ location: String) {
        expectDiagnostic(machine(states), .invalidJSONPath, at: location)
    }

    @Test func legacyMapParametersAreLocatedUnderParameters() {
        // A bad path in a Map's legacy `Parameters` must point at `/States/A/Parameters/…`, which exists,
        // not at `/States/A/ItemSelector/…`, which does not.
        let text = machine(
            #""A":{"Type":"Map","Parameters":{"i.$":"$["},"End":true,"Iterator":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}"#)
        #expect(diagnostics(text).contains { $0.code == .invalidJSONPath && $0.location == "/States/A/Parameters/i.$" })
        #expect(diagnostics(text).map(\.location) == ["/States/A/Parameters/i.$"])
    }

    @Test func dynamicValueMustBeAPathOrCall() {
        expectDiagnostic(
            machine(#""A":{"Type":"Pass","Parameters":{"x.$":"hello"},"End":true}"#), .schemaValidationFailed,
            at: "/States/A/Parameters/x.$")
        expectDiagnostic(
            machine(#""A":{"Type":"Pass","Parameters":{"x.$":5},"End":true}"#), .schemaValidationFailed, at: "/States/A/Parameters/x.$")
        expectDiagnostic(
            machine(#""A":{"Type":"Pass","Parameters":{"x.$":"States.NoSuchFunction()"},"End":true}"#), .schemaValidationFailed,
            at: "/States/A/Parameters/x.$")
    }

    @Test(arguments: [
        #"States.Format('a'"#, #"States.Array(1,)"#, #"States.Format('unterminated)"#, #"States.Array(1) trailing"#,
        #"States.Array($.a[)"#,
    ])
    func badIntrinsics(_ call: String) {
        let escaped = call.replacingOccurrences(of: "\"", with: "\\\"")
        expectDiagnostic(
            machine(#""A":{"Type":"Pass","Parameters":{"x.$":"\#(escaped)"},"End":true}"#), .invalidIntrinsic,
            at: "/States/A/Parameters/x.$")
    }

    @Test(arguments: [
        (#""A":{"Type":"Pass","End":"yes"}"#, "/States/A/End"),
        (#""A":{"Type":"Pass","End":true,"Comment":5}"#, "/States/A/Comment"),
        (#""A":{"Type":5,"End":true}"#, "/States/A/Type"),
        (#""A":{"Type":"Bogus","End":true}"#, "/States/A/Type"),
        (#""A":{"End":true}"#, "/States/A/Type"),
        (#""A":7"#, "/States/A"),
        (#""A":{"Type":"Pass","Next":5}"#, "/States/A/Next"),
        (#""A":{"Type":"Task","End":true}"#, "/States/A/Resource"),
        (#""A":{"Type":"Task","Resource":"arn:aws:states:::x","TimeoutSeconds":"5","End":true}"#, "/States/A/TimeoutSeconds"),
        (#""A":{"Type":"Task","Resource":"arn:aws:states:::x","TimeoutSeconds":0,"End":true}"#, "/States/A/TimeoutSeconds"),
        (#""A":{"Type":"Task","Resource":"arn:aws:states:::x","TimeoutSeconds":1.5,"End":true}"#, "/States/A/TimeoutSeconds"),
        (
            #""A":{"Type":"Task","Resource":"arn:aws:states:::x","TimeoutSeconds":5,"HeartbeatSeconds":5,"End":true}"#,
            "/States/A/HeartbeatSeconds"
        ),
        (#""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Retry":{}}"#, "/States/A/Retry"),
        (#""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Retry":[5]}"#, "/States/A/Retry/0"),
        (#""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Retry":[{"ErrorEquals":[]}]}"#, "/States/A/Retry/0/ErrorEquals"),
        (#""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Retry":[{"ErrorEquals":[1]}]}"#, "/States/A/Retry/0/ErrorEquals"),
        (
            #""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Retry":[{"ErrorEquals":["E"],"MaxAttempts":-1}]}"#,
            "/States/A/Retry/0/MaxAttempts"
        ),
        (
            #""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Retry":[{"ErrorEquals":["E"],"IntervalSeconds":0}]}"#,
            "/States/A/Retry/0/IntervalSeconds"
        ),
        (
            #""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Retry":[{"ErrorEquals":["E"],"BackoffRate":0.5}]}"#,
            "/States/A/Retry/0/BackoffRate"
        ),
        (
            #""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Retry":[{"ErrorEquals":["E"],"MaxDelaySeconds":0}]}"#,
            "/States/A/Retry/0/MaxDelaySeconds"
        ),
        (
            #""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Retry":[{"ErrorEquals":["E"],"JitterStrategy":"HALF"}]}"#,
            "/States/A/Retry/0/JitterStrategy"
        ),
        (
            #""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Retry":[{"ErrorEquals":["States.ALL","E"]}]}"#,
            "/States/A/Retry/0/ErrorEquals"
        ),
        (
            #""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["E"]}]}"#,
            "/States/A/Retry/0"
        ),
        (#""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Catch":[{"ErrorEquals":["E"]}]}"#, "/States/A/Catch/0/Next"),
        (#""A":{"Type":"Wait","Seconds":-1,"End":true}"#, "/States/A/Seconds"),
        (#""A":{"Type":"Wait","Seconds":"10","End":true}"#, "/States/A/Seconds"),
        (#""A":{"Type":"Wait","Timestamp":"2020-13-01T00:00:00Z","End":true}"#, "/States/A/Timestamp"),
        (#""A":{"Type":"Wait","Timestamp":5,"End":true}"#, "/States/A/Timestamp"),
        (#""A":{"Type":"Wait","End":true}"#, "/States/A"),
        (#""A":{"Type":"Wait","Seconds":1,"SecondsPath":"$.s","End":true}"#, "/States/A"),
        (#""A":{"Type":"Fail","Error":5}"#, "/States/A/Error"),
        (#""A":{"Type":"Fail","Cause":"c","CausePath":"$.c"}"#, "/States/A"),
        (#""A":{"Type":"Choice","Choices":[]}"#, "/States/A/Choices"),
        (
            #""A":{"Type":"Choice","Choices":[{"Variable":"$.v","StringEquals":1,"Next":"A"}],"Default":"B"},"B":{"Type":"Succeed"}"#,
            "/States/A/Choices/0/StringEquals"
        ),
        (
            #""A":{"Type":"Choice","Choices":[{"Variable":"$.v","NumericEquals":"1","Next":"A"}],"Default":"B"},"B":{"Type":"Succeed"}"#,
            "/States/A/Choices/0/NumericEquals"
        ),
        (
            #""A":{"Type":"Choice","Choices":[{"Variable":"$.v","BooleanEquals":"true","Next":"A"}],"Default":"B"},"B":{"Type":"Succeed"}"#,
            "/States/A/Choices/0/BooleanEquals"
        ),
        (
            #""A":{"Type":"Choice","Choices":[{"Variable":"$.v","TimestampEquals":"yesterday","Next":"A"}],"Default":"B"},"B":{"Type":"Succeed"}"#,
            "/States/A/Choices/0/TimestampEquals"
        ),
        (
            #""A":{"Type":"Choice","Choices":[{"Variable":"$.v","IsNull":true,"IsString":true,"Next":"A"}],"Default":"B"},"B":{"Type":"Succeed"}"#,
            "/States/A/Choices/0"
        ),
        (#""A":{"Type":"Choice","Choices":[{"Variable":"$.v","Next":"A"}],"Default":"B"},"B":{"Type":"Succeed"}"#, "/States/A/Choices/0"),
        (
            #""A":{"Type":"Choice","Choices":[{"Variable":"$.v","IsNull":true}],"Default":"B"},"B":{"Type":"Succeed"}"#,
            "/States/A/Choices/0/Next"
        ),
        (#""A":{"Type":"Choice","Choices":[{"And":[],"Next":"B"}],"Default":"B"},"B":{"Type":"Succeed"}"#, "/States/A/Choices/0/And"),
        (#""A":{"Type":"Choice","Choices":[{"Not":[],"Next":"B"}],"Default":"B"},"B":{"Type":"Succeed"}"#, "/States/A/Choices/0/Not"),
        (
            #""A":{"Type":"Choice","Choices":[{"Or":[{"Variable":"$.v","Bad":1}],"Next":"B"}],"Default":"B"},"B":{"Type":"Succeed"}"#,
            "/States/A/Choices/0/Or/0/Bad"
        ),
        (#""A":{"Type":"Parallel","Branches":[],"End":true}"#, "/States/A/Branches"),
        (#""A":{"Type":"Parallel","Branches":[1],"End":true}"#, "/States/A/Branches/0"),
        (#""A":{"Type":"Map","End":true}"#, "/States/A/ItemProcessor"),
        (
            #""A":{"Type":"Map","End":true,"MaxConcurrency":-1,"ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}"#,
            "/States/A/MaxConcurrency"
        ),
        (
            #""A":{"Type":"Map","End":true,"ToleratedFailurePercentage":101,"ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}"#,
            "/States/A/ToleratedFailurePercentage"
        ),
        (
            #""A":{"Type":"Map","End":true,"ItemReader":{},"ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}"#,
            "/States/A/ItemReader"
        ),
        (
            #""A":{"Type":"Map","End":true,"ItemProcessor":{"ProcessorConfig":{"Mode":"FAST"},"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}"#,
            "/States/A/ItemProcessor/ProcessorConfig/Mode"
        ),
        (
            #""A":{"Type":"Map","End":true,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED"},"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}"#,
            "/States/A/ItemProcessor/ProcessorConfig"
        ),
        (
            #""A":{"Type":"Map","End":true,"ItemSelector":{},"Parameters":{},"ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}"#,
            "/States/A"
        ),
    ])
    func wrongFieldTypesAndValues(_ states: String, _ location: String) {
        expectDiagnostic(machine(states), .schemaValidationFailed, at: location)
    }

    @Test(arguments: [
        // A missing member is reported on the object, as AWS does: "These fields are required: [States]".
        (#"{"StartAt":"A"}"#, "/"),
        (#"{"StartAt":"A","States":{}}"#, "/States"),
        (#"{"States":{"A":{"Type":"Succeed"}}}"#, "/"),
        (#"{"StartAt":5,"States":{"A":{"Type":"Succeed"}}}"#, "/StartAt"),
        (#"{"StartAt":"A","TimeoutSeconds":-1,"States":{"A":{"Type":"Succeed"}}}"#, "/TimeoutSeconds"),
        (#"{"StartAt":"A","TimeoutSeconds":"9","States":{"A":{"Type":"Succeed"}}}"#, "/TimeoutSeconds"),
        (#"{"StartAt":"A","Version":1,"States":{"A":{"Type":"Succeed"}}}"#, "/Version"),
        (#"{"StartAt":"A","QueryLanguage":"XPath","States":{"A":{"Type":"Succeed"}}}"#, "/QueryLanguage"),
    ])
    func topLevel(_ text: String, _ location: String) {
        expectDiagnostic(text, .schemaValidationFailed, at: location)
    }

    @Test func invalidResource() {
        expectDiagnostic(machine(#""A":{"Type":"Task","Resource":"my-function","End":true}"#), .invalidResource, at: "/States/A/Resource")
    }

    @Test func stateNameLength() {
        let long = String(repeating: "n", count: 81)
        expectDiagnostic(machine(#""\#(long)":{"Type":"Succeed"}"#, start: long), .invalidStateName, at: "/States/\(long)")
        let ok = String(repeating: "n", count: 80)
        #expect(diagnostics(machine(#""\#(ok)":{"Type":"Succeed"}"#, start: ok)) == [])
    }

    @Test func duplicateStateNameAcrossBranches() {
        // ASL: state names must be unique within the whole state machine, branches and iterators included.
        let text = machine(
            #""A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}]}"#)
        #expect(diagnostics(text).contains { $0.code == .duplicateStateName })
    }

    @Test(arguments: [
        (#"{"1x":1}"#, "/States/A/Assign/1x"),
        (#"{"a-b.$":"$.x"}"#, "/States/A/Assign/a-b.$"),
        (#"{"states":1}"#, "/States/A/Assign/states"),
        (#"{"":1}"#, "/States/A/Assign/"),
        (#"{"a b":1}"#, "/States/A/Assign/a b"),
        (#"{"x.y":1}"#, "/States/A/Assign/x.y"),
    ])
    func invalidVariableNames(_ assign: String, _ location: String) {
        expectDiagnostic(machine(#""A":{"Type":"Pass","Assign":\#(assign),"End":true}"#), .invalidVariable, at: location)
    }

    @Test func validVariableNames() {
        for name in ["x", "_", "_a1", "camelCase", "ünïcode", "x9", String(repeating: "v", count: 80)] {
            #expect(diagnostics(machine(#""A":{"Type":"Pass","Assign":{"\#(name)":1},"End":true}"#)) == [], "\(name)")
        }
        expectDiagnostic(
            machine(#""A":{"Type":"Pass","Assign":{"\#(String(repeating: "v", count: 81))":1},"End":true}"#), .invalidVariable,
            at: "/States/A/Assign/\(String(repeating: "v", count: 81))")
        expectDiagnostic(machine(#""A":{"Type":"Pass","Assign":[1],"End":true}"#), .schemaValidationFailed, at: "/States/A/Assign")
    }

    @Test func invalidVariableNamesInCatchAndChoice() {
        expectDiagnostic(
            machine(
                #""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"9":1},"Next":"B"}]},"B":{"Type":"Succeed"}"#
            ),
            .invalidVariable, at: "/States/A/Catch/0/Assign/9")
        expectDiagnostic(
            machine(
                #""A":{"Type":"Choice","Choices":[{"Variable":"$.v","IsNull":true,"Assign":{"-":1},"Next":"B"}],"Default":"B"},"B":{"Type":"Succeed"}"#
            ),
            .invalidVariable, at: "/States/A/Choices/0/Assign/-")
    }

    @Test(arguments: [
        (#""A":{"Type":"Task","Resource":"arn:aws:states:::x","Arguments":{},"End":true}"#, "/States/A/Arguments"),
        (#""A":{"Type":"Pass","Output":{},"End":true}"#, "/States/A/Output"),
        (
            #""A":{"Type":"Map","Items":[1],"End":true,"ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}"#,
            "/States/A/Items"
        ),
        (
            #""A":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Output":{},"Next":"A"}]}"#,
            "/States/A/Catch/0/Output"
        ),
        (
            #""A":{"Type":"Choice","Choices":[{"Condition":"{% true %}","Next":"B"}],"Default":"B"},"B":{"Type":"Succeed"}"#,
            "/States/A/Choices/0"
        ),
    ])
    func jsonataFieldsInJSONPathStates(_ states: String, _ location: String) {
        expectDiagnostic(machine(states), .schemaValidationFailed, at: location)
    }

    @Test(arguments: [
        (#""A":{"Type":"Pass","InputPath":"$.a","End":true}"#, "/States/A/InputPath"),
        (#""A":{"Type":"Pass","Parameters":{},"End":true}"#, "/States/A/Parameters"),
        (#""A":{"Type":"Pass","Result":1,"End":true}"#, "/States/A/Result"),
        (#""A":{"Type":"Task","Resource":"arn:aws:states:::x","ResultSelector":{},"End":true}"#, "/States/A/ResultSelector"),
        (#""A":{"Type":"Wait","SecondsPath":"$.s","End":true}"#, "/States/A/SecondsPath"),
    ])
    func jsonPathFieldsInJSONataStates(_ states: String, _ location: String) {
        expectDiagnostic(machine(states, extra: #""QueryLanguage":"JSONata","#), .schemaValidationFailed, at: location)
    }

    @Test(arguments: [
        (#""A":{"Type":"Pass","Output":{"x":"{% 1 + %}"},"End":true}"#, "/States/A/Output/x"),
        (#""A":{"Type":"Pass","Output":"{% $states.input.a[ %}","End":true}"#, "/States/A/Output"),
        (#""A":{"Type":"Pass","Assign":{"v":"{% ( %}"},"End":true}"#, "/States/A/Assign/v"),
        (
            #""A":{"Type":"Choice","Choices":[{"Condition":"{% $x = %}","Next":"B"}],"Default":"B"},"B":{"Type":"Succeed"}"#,
            "/States/A/Choices/0/Condition"
        ),
        (#""A":{"Type":"Task","Resource":"arn:aws:states:::x","Arguments":{"l":["{% ] %}"]},"End":true}"#, "/States/A/Arguments/l/0"),
    ])
    func invalidJSONataExpressions(_ states: String, _ location: String) {
        expectDiagnostic(machine(states, extra: #""QueryLanguage":"JSONata","#), .invalidJSONata, at: location)
    }

    @Test func jsonataStateInAJSONPathMachine() {
        expectDiagnostic(
            machine(#""A":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% $states.input.a[ %}","End":true}"#), .invalidJSONata,
            at: "/States/A/Output")
        #expect(diagnostics(machine(#""A":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% $states.input.a %}","End":true}"#)) == [])
    }

    /// Only the machine's own QueryLanguage binds: a JSONPath machine may hold a JSONata Map whose states
    /// use JSONPath again (AWS validates this as OK).
    @Test func jsonPathStateInsideAJSONataMapOfAJSONPathMachine() {
        let text =
            #"{"StartAt":"Map","QueryLanguage":"JSONPath","States":{"Map":{"Type":"Map","QueryLanguage":"JSONata","ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Pass","States":{"Pass":{"QueryLanguage":"JSONPath","Type":"Pass","End":true}}},"End":true}}}"#
        #expect(diagnostics(text) == [])
    }

    @Test func stateCannotGoBackToJSONPathUnderJSONata() {
        expectDiagnostic(
            machine(#""A":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}"#, extra: #""QueryLanguage":"JSONata","#),
            .schemaValidationFailed, at: "/States/A")
    }

    @Test func reportsEveryProblemNotJustTheFirst() {
        let found = diagnostics(
            machine(#""A":{"Type":"Pass","Next":"Gone","Foo":1,"InputPath":"bad"},"B":{"Type":"Succeed"}"#))
        #expect(found.count >= 3)
        #expect(Set(found.map(\.location)).isSuperset(of: ["/States/A/Next", "/States/A/Foo", "/States/A/InputPath"]))
    }

    @Test func diagnosticDescription() {
        let d = Diagnostic(.unreachableState, at: "/States/B", "State \"B\" is not reachable")
        #expect(d.description == "/States/B: UNREACHABLE_STATE: State \"B\" is not reachable")
        let e = DefinitionError(diagnostics: [d, d])
        #expect(e.description.split(separator: "\n").count == 2)
    }
}
