import StepJSON
import StepMapRun
import Testing

/// Failed children counted against `ToleratedFailureCount` and `ToleratedFailurePercentage`.
@Suite struct ToleranceTests {
    /// `count` items, the first `failing` of which ask their child to fail.
    static func items(_ count: Int, failing: Int) -> JSON {
        .array((0..<count).map { ["n": .int($0), "fail": .bool($0 < failing)] })
    }

    func run(_ fields: String, _ input: JSON) async throws -> (status: String, error: String?, types: [String]) {
        let result = try await Harness.run(Harness.machine(fields, processor: Harness.failWhenAsked), input: input)
        return (result.status.rawValue, result.error, result.events.map(\.type.rawValue))
    }

    @Test func withoutToleranceOneFailedChildFailsTheMap() async throws {
        let r = try await run("", Self.items(5, failing: 1))
        #expect(r.status == "FAILED")
        #expect(r.error == "States.ExceedToleratedFailureThreshold")
        #expect(r.types.contains("MapRunStarted"))
        #expect(Array(r.types.suffix(3)) == ["MapRunFailed", "MapStateFailed", "ExecutionFailed"])
        #expect(!r.types.contains("MapRunSucceeded"))
    }

    @Test func toleratedFailureCountAllowsExactlyThatMany() async throws {
        let ok = try await run(#""ToleratedFailureCount": 2"#, Self.items(6, failing: 2))
        #expect(ok.status == "SUCCEEDED")
        #expect(ok.types.contains("MapRunSucceeded"))
        let over = try await run(#""ToleratedFailureCount": 2"#, Self.items(6, failing: 3))
        #expect(over.error == "States.ExceedToleratedFailureThreshold")
    }

    @Test func toleratedFailureCountPathIsRead() async throws {
        let fields = #""ItemsPath": "$.items", "ToleratedFailureCountPath": "$.allowed""#
        let ok = try await run(fields, ["items": Self.items(4, failing: 1), "allowed": 1])
        #expect(ok.status == "SUCCEEDED")
        let over = try await run(fields, ["items": Self.items(4, failing: 2), "allowed": 1])
        #expect(over.error == "States.ExceedToleratedFailureThreshold")
    }

    @Test func toleratedFailurePercentageIsOfAllItems() async throws {
        let ok = try await run(#""ToleratedFailurePercentage": 25"#, Self.items(8, failing: 2))
        #expect(ok.status == "SUCCEEDED")
        let over = try await run(#""ToleratedFailurePercentage": 25"#, Self.items(8, failing: 3))
        #expect(over.error == "States.ExceedToleratedFailureThreshold")
        let all = try await run(#""ToleratedFailurePercentage": 100"#, Self.items(3, failing: 3))
        #expect(all.status == "SUCCEEDED")
    }

    /// AWS: with both thresholds set, the map run fails when it exceeds either.
    @Test func eitherThresholdFailsTheRun() async throws {
        let byCount = try await run(
            #""ToleratedFailureCount": 1, "ToleratedFailurePercentage": 90"#, Self.items(10, failing: 2))
        #expect(byCount.error == "States.ExceedToleratedFailureThreshold")
        let byPercentage = try await run(
            #""ToleratedFailureCount": 9, "ToleratedFailurePercentage": 10"#, Self.items(10, failing: 2))
        #expect(byPercentage.error == "States.ExceedToleratedFailureThreshold")
        let neither = try await run(
            #""ToleratedFailureCount": 2, "ToleratedFailurePercentage": 20"#, Self.items(10, failing: 2))
        #expect(neither.status == "SUCCEEDED")
    }

    @Test func failedChildrenAppearInTheResultWithTheirError() async throws {
        let result = try await Harness.run(
            Harness.machine(#""ToleratedFailureCount": 1"#, processor: Harness.failWhenAsked),
            input: Self.items(3, failing: 1))
        let out = try #require(result.output?.arrayValue)
        #expect(out.count == 3)
        #expect(out[0]["Status"] == "FAILED")
        #expect(out[0]["Error"] == "Boom")
        #expect(out[0]["Cause"] == "asked to fail")
        #expect(out[0]["Input"] == .string(#"{"n":0,"fail":true}"#))
        #expect(out[1] == ["n": 1, "fail": false])
        #expect(out[2] == ["n": 2, "fail": false])
    }

    /// A failed `ItemBatcher` batch counts every item in it.
    @Test func failedBatchCountsAllItsItems() async throws {
        let processor = """
            "StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [{"Variable": "$.Items[0].fail", "BooleanEquals": true, "Next": "F"}],
                    "Default": "S"},
              "F": {"Type": "Fail", "Error": "Boom"}, "S": {"Type": "Succeed"}}
            """
        let batched = #""ItemBatcher": {"MaxItemsPerBatch": 3}, "ToleratedFailureCount": "#
        let over = try await Harness.run(
            Harness.machine(batched + "2", processor: processor), input: Self.items(6, failing: 1))
        #expect(over.error == "States.ExceedToleratedFailureThreshold")
        let ok = try await Harness.run(
            Harness.machine(batched + "3", processor: processor), input: Self.items(6, failing: 1))
        #expect(ok.status == .succeeded)
        let percent = try await Harness.run(
            Harness.machine(
                #""ItemBatcher": {"MaxItemsPerBatch": 3}, "ToleratedFailurePercentage": 40"#, processor: processor),
            input: Self.items(6, failing: 1))
        #expect(percent.error == "States.ExceedToleratedFailureThreshold")
    }

    @Test func catchOnTheThresholdErrorRecovers() async throws {
        let definition = """
            {"StartAt": "M", "States": {
              "M": {"Type": "Map", "ToleratedFailureCount": 0, "ItemsPath": "$.items",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                  \(Harness.failWhenAsked)},
                "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "ResultPath": "$.error",
                           "Next": "Handled"}],
                "Next": "Unreached"},
              "Handled": {"Type": "Pass", "Parameters": {"caught.$": "$.error.Error"}, "End": true},
              "Unreached": {"Type": "Fail", "Error": "Unreached"}}}
            """
        let result = try await Harness.run(definition, input: ["items": Self.items(2, failing: 1)])
        #expect(result.status == .succeeded)
        #expect(result.output == ["caught": "States.ExceedToleratedFailureThreshold"])
        let types = result.events.map(\.type.rawValue)
        let failed = try #require(types.firstIndex(of: "MapRunFailed"))
        #expect(types[failed + 1] == "MapStateFailed")
        #expect(types.contains("PassStateEntered"))
        #expect(!types.contains("FailStateEntered"))
    }
}
