import StepEngine
import StepJSON
import StepLanguage
import Testing

struct Unfinished: Error {}

/// TestState's engine part: one state run alone, its status, next state and inspection data.
@Suite struct StateTestTests {
    let info = ExecutionInfo.local(
        stateMachineName: "TestStateMachine", executionName: "t", input: .null, startTime: Timestamp(epochMilliseconds: 1_700_000_000_000))

    func run(
        _ definition: String, stateName: String? = nil, input: String = "{}", variables: JSONObject = JSONObject(),
        level: StateTest.InspectionLevel = .debug, mock: StateTest.Mock? = nil,
        task: (TaskRequest) -> StateTest.Mock = { _ in .result(.null) }
    ) throws -> StateTest.Result {
        var test = try StateTest(
            definition: definition, stateName: stateName, input: json(input), variables: variables, level: level, mock: mock,
            info: info, seed: 7)
        var step = test.start()
        var calls = 0
        while case .runTask(let request) = step {
            calls += 1
            #expect(calls < 10)
            switch task(request) {
            case .result(let output): step = test.taskSucceeded(request.id, output: output)
            case .failure(let error, let cause): step = test.taskFailed(request.id, error: error, cause: cause)
            }
        }
        guard case .finished(let result) = step else { throw Unfinished() }
        return result
    }

    func data(_ r: StateTest.Result) -> [String: JSON] {
        Dictionary(r.inspection.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func passShowsEveryStepOfItsDataFlow() throws {
        let r = try run(
            #"{"Type":"Pass","InputPath":"$.a","Parameters":{"x.$":"$.b","k":1},"ResultPath":"$.out","OutputPath":"$.out","Next":"After"}"#,
            input: #"{"a":{"b":2},"c":3}"#)
        #expect(r.status == .succeeded)
        #expect(r.nextState == "After")
        #expect(r.output == json(#"{"x":2,"k":1}"#))
        let d = data(r)
        #expect(d["input"] == json(#"{"a":{"b":2},"c":3}"#))
        #expect(d["afterInputPath"] == json(#"{"b":2}"#))
        #expect(d["afterParameters"] == json(#"{"x":2,"k":1}"#))
        #expect(d["result"] == json(#"{"x":2,"k":1}"#))
        #expect(d["afterResultPath"] == json(#"{"a":{"b":2},"c":3,"out":{"x":2,"k":1}}"#))
    }

    @Test func infoLevelShowsNoInspectionData() throws {
        let r = try run(#"{"Type":"Pass","End":true}"#, level: .info)
        #expect(r.status == .succeeded)
        #expect(r.nextState == nil)
        #expect(r.inspection.isEmpty)
    }

    @Test func taskResultGoesThroughResultSelectorAndResultPath() throws {
        var seen: JSON?
        let r = try run(
            #"{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload.$":"$"},"ResultSelector":{"v.$":"$.Payload.v"},"ResultPath":"$.r","End":true}"#,
            input: #"{"n":1}"#
        ) { request in
            seen = request.input
            return .result(json(#"{"Payload":{"v":42},"StatusCode":200}"#))
        }
        #expect(seen == json(#"{"FunctionName":"f","Payload":{"n":1}}"#))
        #expect(r.status == .succeeded)
        #expect(r.output == json(#"{"n":1,"r":{"v":42}}"#))
        let d = data(r)
        #expect(d["afterParameters"] == json(#"{"FunctionName":"f","Payload":{"n":1}}"#))
        #expect(d["afterResultSelector"] == json(#"{"v":42}"#))
        #expect(d["afterResultPath"] == json(#"{"n":1,"r":{"v":42}}"#))
    }

    @Test func aMockAnswersTheTaskWithoutARunner() throws {
        let r = try run(
            #"{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","End":true}"#,
            mock: .result(json(#"{"ok":true}"#))
        ) { _ in
            Issue.record("the runner must not be called when a mock is given")
            return .result(.null)
        }
        #expect(r.status == .succeeded)
        #expect(r.output == json(#"{"ok":true}"#))
    }

    @Test func aRetrierThatWouldRetryEndsTheTestAsRetriable() throws {
        let r = try run(
            #"{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["Other"]},{"ErrorEquals":["Boom"],"IntervalSeconds":3}],"End":true}"#,
            mock: .failure(error: "Boom", cause: "it broke"))
        #expect(r.status == .retriable)
        #expect(r.error == "Boom")
        #expect(r.cause == "it broke")
        #expect(r.errorDetails == ["retryIndex": 1, "retryBackoffIntervalSeconds": 3])
    }

    @Test func aCatcherGivesCaughtErrorAndItsNextState() throws {
        let r = try run(
            #"{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"Handler"}],"Next":"Done"}"#,
            input: #"{"a":1}"#, mock: .failure(error: "Boom", cause: "bad"))
        #expect(r.status == .caughtError)
        #expect(r.nextState == "Handler")
        #expect(r.error == "Boom")
        #expect(r.output == json(#"{"a":1,"err":{"Error":"Boom","Cause":"bad"}}"#))
        #expect(r.errorDetails == ["catchIndex": 0])
    }

    @Test func anUncaughtErrorFails() throws {
        let r = try run(
            #"{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}"#, mock: .failure(error: "Boom", cause: "bad"))
        #expect(r.status == .failed)
        #expect(r.error == "Boom")
        #expect(r.cause == "bad")
        #expect(r.output == nil)
    }

    @Test func choicePicksItsNextState() throws {
        let def =
            #"{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":5,"Next":"Big"}],"Default":"Small"}"#
        #expect(try run(def, input: #"{"n":9}"#).nextState == "Big")
        #expect(try run(def, input: #"{"n":1}"#).nextState == "Small")
    }

    @Test func failStateGivesItsErrorAndCause() throws {
        let r = try run(#"{"Type":"Fail","Error":"Custom","Cause":"why"}"#)
        #expect(r.status == .failed)
        #expect(r.error == "Custom")
        #expect(r.cause == "why")
    }

    @Test func waitDoesNotWait() throws {
        let r = try run(#"{"Type":"Wait","Seconds":3600,"Next":"B"}"#, input: #"{"x":1}"#)
        #expect(r.status == .succeeded)
        #expect(r.nextState == "B")
        #expect(r.output == json(#"{"x":1}"#))
    }

    @Test func variablesAreSeenAndAssignedOnesShown() throws {
        let r = try run(
            #"{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% $states.input.a + $base %}","Assign":{"next":"{% $base * 2 %}"},"End":true}"#,
            input: #"{"a":1}"#, variables: ["base": 10])
        #expect(r.status == .succeeded)
        #expect(r.output == 11)
        #expect(data(r)["variables"] == json(#"{"base":10,"next":20}"#))
    }

    @Test func aStateOfAWholeMachineIsTestedByName() throws {
        let machine =
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Result":"b","Next":"C"},"C":{"Type":"Succeed"}}}"#
        let r = try run(machine, stateName: "B")
        #expect(r.status == .succeeded)
        #expect(r.output == "b")
        #expect(r.nextState == "C")
        #expect(throws: StateTest.Problem.self) { try run(machine, stateName: "Nope") }
    }

    @Test func aBrokenDefinitionIsAnInvalidDefinitionNamingThePath() throws {
        do {
            _ = try run(#"{"Type":"Pass","Next":"B","End":true}"#)
            Issue.record("accepted")
        } catch let p as StateTest.Problem {
            #expect(p.code == "InvalidDefinition")
            #expect(p.message.contains("/States/TestState"))
        }
    }

    @Test func aSelfLoopStopsAfterOnePass() throws {
        let r = try run(#"{"Type":"Pass","Result":1,"Next":"TestState"}"#)
        #expect(r.status == .succeeded)
        #expect(r.output == 1)
        #expect(r.nextState == "TestState")
    }
}
