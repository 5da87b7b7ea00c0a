import StepEngine
import StepJSON
import StepMapRun
import StepRuntime
import Synchronization
import Testing

/// What the Map state returns without `ResultWriter`, and children that do real work: tasks, waits, nested map runs.
@Suite struct MapRunResultsTests {
    @Test func resultsStayInItemOrderWhateverOrderChildrenFinish() async throws {
        let tasks = ClosureTaskRunner { request in
            let n = request.input.intValue ?? 0
            try? await Task.sleep(for: .milliseconds(2 * (10 - n)))
            return .success(.int(n * n))
        }
        let processor =
            #""StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:square", "End": true}}"#
        let items = JSON.array((0..<10).map { .int($0) })
        let result = try await Harness.run(Harness.machine("", processor: processor), input: items, tasks: tasks)
        #expect(result.status == .succeeded)
        #expect(result.output == .array((0..<10).map { .int($0 * $0) }))
    }

    /// Results are kept while they fit AWS's 256 KiB payload; beyond it the Map fails (`ResultWriter` is the way out).
    @Test func resultsOverThePayloadLimitFailWithDataLimitExceeded() async throws {
        let kib = String(repeating: "y", count: 1024)
        let processor = #""StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "\#(kib)", "End": true}}"#
        let under = try await Harness.run(
            Harness.machine("", processor: processor), input: .array((0..<200).map { .int($0) }))
        #expect(under.status == .succeeded)
        #expect(under.output?.arrayValue?.count == 200)
        let over = try await Harness.run(
            Harness.machine("", processor: processor), input: .array((0..<300).map { .int($0) }))
        #expect(over.status == .failed)
        #expect(over.error == "States.DataLimitExceeded")
        #expect(over.events.map(\.type).contains(.mapRunFailed))
    }

    @Test func childWithATaskAndAWait() async throws {
        let calls = Mutex<[String]>([])
        let tasks = ClosureTaskRunner { request in
            calls.withLock { $0.append(request.resource) }
            guard let n = request.input["n"]?.intValue else { return .failure(error: "Bad", cause: nil) }
            return .success(["doubled": .int(n * 2)])
        }
        let processor = """
            "StartAt": "Pause", "States": {
              "Pause": {"Type": "Wait", "Seconds": 0, "Next": "Double"},
              "Double": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:double",
                         "Parameters": {"n.$": "$.n"}, "ResultSelector": {"v.$": "$.doubled"}, "End": true}}
            """
        let result = try await Harness.run(
            Harness.machine(#""MaxConcurrency": 2"#, processor: processor, executionType: "STANDARD"),
            input: [["n": 1], ["n": 2], ["n": 3]], tasks: tasks)
        #expect(result.status == .succeeded)
        #expect(result.output == [["v": 2], ["v": 4], ["v": 6]])
        #expect(
            calls.withLock { $0 } == Array(repeating: "arn:aws:lambda:us-east-1:111111111111:function:double", count: 3)
        )
    }

    @Test func childTaskFailureIsTheChildsError() async throws {
        let tasks = ClosureTaskRunner { _ in .failure(error: "Lambda.Unknown", cause: "broken") }
        let processor =
            #""StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f", "End": true}}"#
        let result = try await Harness.run(
            Harness.machine(#""ToleratedFailurePercentage": 100"#, processor: processor), input: [1], tasks: tasks)
        #expect(result.status == .succeeded)
        #expect(result.output?.arrayValue?.first?["Error"] == "Lambda.Unknown")
        #expect(result.output?.arrayValue?.first?["Cause"] == "broken")
    }

    @Test func nestedDistributedMapRunsInsideAChild() async throws {
        let processor = """
            "StartAt": "Inner", "States": {"Inner": {"Type": "Map", "ItemsPath": "$.sub",
              "ItemSelector": {"x.$": "$$.Map.Item.Value", "outer.$": "$.id"},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
              "ResultPath": "$.result", "End": true}}
            """
        let result = try await Harness.run(
            Harness.machine("", processor: processor, executionType: "STANDARD"),
            input: [["id": 1, "sub": ["a", "b"]], ["id": 2, "sub": []]])
        #expect(result.status == .succeeded)
        #expect(
            result.output == [
                ["id": 1, "sub": ["a", "b"], "result": [["x": "a", "outer": 1], ["x": "b", "outer": 1]]],
                ["id": 2, "sub": [], "result": []],
            ])
    }

    @Test func nestedMapRunFailureFailsTheOuterChild() async throws {
        let processor = """
            "StartAt": "Inner", "States": {"Inner": {"Type": "Map",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Deep"}}},
              "End": true}}
            """
        let result = try await Harness.run(
            Harness.machine(#""ToleratedFailureCount": 1"#, processor: processor), input: [[1], [2]])
        #expect(result.error == "States.ExceedToleratedFailureThreshold")
    }

    @Test func outputFlowsThroughResultSelectorResultPathAndOutputPath() async throws {
        let fields = """
            "ItemsPath": "$.items", "ResultSelector": {"all.$": "$", "count.$": "States.ArrayLength($)"},
            "ResultPath": "$.mapped", "OutputPath": "$.mapped"
            """
        let result = try await Harness.run(Harness.machine(fields), input: ["items": [1, 2]])
        #expect(result.output == ["all": [1, 2], "count": 2])
    }

    @Test func historyOfASuccessfulMapRun() async throws {
        let result = try await Harness.run(Harness.machine(""), input: [1])
        let types = result.events.map(\.type.rawValue)
        #expect(
            types == [
                "ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded",
                "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded",
            ])
        #expect(result.events[2].details["length"] == 1)
    }
}
