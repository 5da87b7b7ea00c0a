import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime

extension StepFunctionsAPI {
    /// AWS's limit on how long TestState may run.
    static let testStateSeconds = 300

    /// TestState: one state run alone (`StateTest`), in AWS's request and response shapes.
    func testState(_ r: RequestFields) async throws(APIError) -> JSON {
        let definition = try r.string("definition")
        try Self.checkDefinitionSize(definition)
        let input = try Self.jsonMember(try r.optionalString("input") ?? "{}", "input", code: "InvalidExecutionInput")
        let level: StateTest.InspectionLevel
        if let text = try r.optionalString("inspectionLevel") {
            guard let l = StateTest.InspectionLevel(rawValue: text) else {
                throw APIError.validation(
                    "1 validation error detected: Value '\(text)' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]"
                )
            }
            level = l
        } else {
            level = .info
        }
        var variables = JSONObject()
        if let text = try r.optionalString("variables") {
            guard case .object(let o) = try Self.jsonMember(text, "variables", code: "ValidationException") else {
                throw APIError.validation("variables must be a JSON object of variable names and values")
            }
            variables = o
        }
        let mock = try Self.mock(r["mock"])
        let now = WallClock.now()
        let info = ExecutionInfo.local(
            stateMachineName: "TestStateMachine", executionName: "TestState-" + UUID().uuidString.lowercased(), input: input,
            startTime: now, region: partition.region, account: partition.account)
        let stateName = try r.optionalString("stateName")
        var test: StateTest
        do throws(StateTest.Problem) {
            test = try StateTest(
                definition: definition, stateName: stateName, input: input, variables: variables,
                level: level, mock: mock, info: info, seed: UInt64.random(in: 1...UInt64.max))
        } catch {
            throw APIError(error.code, error.message)
        }
        var step = test.start()
        let deadline = ContinuousClock.now + .seconds(Self.testStateSeconds)
        while case .runTask(let request) = step {
            let outcome = await runTestTask(request, until: deadline)
            switch outcome {
            case .success(let output), .submitted(let output):
                step = test.taskSucceeded(request.id, output: output)
            case .failure(let error, let cause):
                step = test.taskFailed(request.id, error: error, cause: cause)
            }
        }
        guard case .finished(let result) = step else { return .object([:]) }
        return Self.testStateAnswer(result)
    }

    /// A Task's call, through the service's task runners, within TestState's five minutes.
    func runTestTask(_ request: TaskRequest, until deadline: ContinuousClock.Instant) async -> TaskOutcome {
        guard let runner = taskRunner else {
            return .failure(
                error: StatesErrorName.taskFailed,
                cause: "This API endpoint has no task runners: give TestState a mock for the resource '\(request.resource)'")
        }
        return await withTaskGroup(of: TaskOutcome?.self) { group in
            group.addTask { await runner.run(request) }
            group.addTask {
                try? await Task.sleep(until: deadline)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(error: StatesErrorName.timeout, cause: "TestState ran longer than \(Self.testStateSeconds) seconds")
        }
    }

    static func testStateAnswer(_ result: StateTest.Result) -> JSON {
        var o: JSONObject = ["status": .string(result.status.rawValue)]
        if let output = result.output { o["output"] = .string(output.serialized()) }
        if let error = result.error { o["error"] = .string(error) }
        if let cause = result.cause { o["cause"] = .string(cause) }
        if let next = result.nextState { o["nextState"] = .string(next) }
        if !result.inspection.isEmpty || result.errorDetails != nil {
            var data = JSONObject()
            for (name, value) in result.inspection { data[name] = .string(value.serialized()) }
            if let details = result.errorDetails { data["errorDetails"] = .object(details) }
            o["inspectionData"] = .object(data)
        }
        return .object(o)
    }

    /// `mock`: `{"result": "<JSON>"}` or `{"errorOutput": {"error", "cause"}}`.
    static func mock(_ value: JSON?) throws(APIError) -> StateTest.Mock? {
        guard let value, value != .null else { return nil }
        guard case .object(let o) = value else { throw APIError("SerializationException", "'mock' must be an object") }
        if let text = o["result"]?.stringValue {
            return .result(try jsonMember(text, "mock.result", code: "ValidationException"))
        }
        if case .object(let e)? = o["errorOutput"] {
            return .failure(error: e["error"]?.stringValue ?? "", cause: e["cause"]?.stringValue)
        }
        throw APIError.validation("mock must give either 'result' or 'errorOutput'")
    }

    static func jsonMember(_ text: String, _ name: String, code: String) throws(APIError) -> JSON {
        do {
            return try JSON(parsing: text)
        } catch {
            throw APIError(code, "Invalid \(name): '\(error)'")
        }
    }
}
