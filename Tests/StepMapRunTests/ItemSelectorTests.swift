import StepJSON
import StepMapRun
import Testing

/// `ItemSelector` in a Distributed Map: evaluated per item with `$$.Map.Item`, the state input and variables,
/// in JSONPath and in JSONata.
@Suite struct ItemSelectorTests {
    @Test func selectorReadsTheItemItsIndexTheInputAndTheContext() async throws {
        let fields = """
            "ItemsPath": "$.shipped",
            "ItemSelector": {"constant": "c", "value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index",
                             "partner.$": "$.partner", "execution.$": "$$.Execution.Name", "state.$": "$$.State.Name"}
            """
        let result = try await Harness.run(Harness.machine(fields), input: ["partner": "UQS", "shipped": ["A", "B"]])
        #expect(result.status == .succeeded)
        #expect(
            result.output == [
                ["constant": "c", "value": "A", "index": 0, "partner": "UQS", "execution": "e", "state": "M"],
                ["constant": "c", "value": "B", "index": 1, "partner": "UQS", "execution": "e", "state": "M"],
            ])
    }

    @Test func legacyParametersActAsTheSelector() async throws {
        let fields = #""Parameters": {"v.$": "$$.Map.Item.Value", "all.$": "$"}"#
        let result = try await Harness.run(Harness.machine(fields), input: ["Hello", "World"])
        #expect(
            result.output == [["v": "Hello", "all": ["Hello", "World"]], ["v": "World", "all": ["Hello", "World"]]])
    }

    @Test func selectorSeesItemsFromAnItemReaderAndVariables() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("rows.jsonl", "{\"id\": 10}\n{\"id\": 20}\n")
        let definition = """
            {"StartAt": "Set", "States": {
              "Set": {"Type": "Pass", "Assign": {"tag": "t1"}, "Next": "M"},
              "M": {"Type": "Map", \(Harness.reader(bucket.path, "rows.jsonl", "JSONL")),
                "ItemSelector": {"id.$": "$$.Map.Item.Value.id", "n.$": "$$.Map.Item.Index", "tag.$": "$tag"},
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                  \(Harness.passThrough)},
                "End": true}}}
            """
        let result = try await Harness.run(definition)
        #expect(result.status == .succeeded)
        #expect(result.output == [["id": 10, "n": 0, "tag": "t1"], ["id": 20, "n": 1, "tag": "t1"]])
    }

    @Test func selectorPathMissingFromTheItemFailsTheMapRun() async throws {
        let fields = #""ItemSelector": {"x.$": "$$.Map.Item.Value.missing"}"#
        let result = try await Harness.run(Harness.machine(fields), input: [["present": 1]])
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.events.map(\.type).contains(.mapRunFailed))
    }

    @Test func jsonataSelectorWithArgumentsAndContext() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("in/items.json", #"["Item1", "Item2"]"#)
        let definition = """
            {"QueryLanguage": "JSONata", "StartAt": "Start", "States": {
              "Start": {"Type": "Pass", "Assign": {"suffix": "!"}, "Next": "M"},
              "M": {"Type": "Map",
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                  "Arguments": {"Bucket": "{% $states.input.bucket %}", "Key": "{% 'in/' & $states.input.name %}"}},
                "ItemSelector": {"value": "{% $states.context.Map.Item.Value & $suffix %}",
                                 "index": "{% $states.context.Map.Item.Index %}",
                                 "from_input": "{% $states.input.name %}", "literal": "string literal"},
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                  "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}},
                "End": true}}}
            """
        let result = try await Harness.run(definition, input: ["bucket": .string(bucket.path), "name": "items.json"])
        #expect(result.status == .succeeded)
        #expect(
            result.output == [
                ["value": "Item1!", "index": 0, "from_input": "items.json", "literal": "string literal"],
                ["value": "Item2!", "index": 1, "from_input": "items.json", "literal": "string literal"],
            ])
    }

    @Test func jsonataItemsFieldFeedsTheMapRun() async throws {
        let definition = """
            {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map",
              "Items": "{% $states.input.values %}", "ItemSelector": "{% $states.context.Map.Item.Value * 10 %}",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
              "End": true}}}
            """
        let result = try await Harness.run(definition, input: ["values": [1, 2, 3]])
        #expect(result.output == [10, 20, 30])
    }
}
