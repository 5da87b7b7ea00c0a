import StepJSON
import StepMapRun
import Testing

/// `ItemBatcher`: children receive `{"Items": [...], "BatchInput": ...}` batches, bounded by item count and bytes.
@Suite struct ItemBatcherTests {
    @Test func maxItemsPerBatchGroupsItemsInOrder() async throws {
        let fields = #""ItemBatcher": {"MaxItemsPerBatch": 2}"#
        let result = try await Harness.run(Harness.machine(fields), input: [1, 2, 3, 4, 5])
        #expect(result.status == .succeeded)
        #expect(result.output == [["Items": [1, 2]], ["Items": [3, 4]], ["Items": [5]]])
    }

    @Test func batchInputIsEvaluatedOnceAndGivenToEveryBatch() async throws {
        let fields = """
            "ItemsPath": "$.items",
            "ItemBatcher": {"MaxItemsPerBatchPath": "$.size", "BatchInput": {"run.$": "$.run", "fixed": true}},
            "ItemSelector": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"}
            """
        let result = try await Harness.run(
            Harness.machine(fields), input: ["items": ["a", "b", "c"], "size": 2, "run": "r-1"])
        let batchInput: JSON = ["run": "r-1", "fixed": true]
        #expect(
            result.output == [
                ["Items": [["v": "a", "i": 0], ["v": "b", "i": 1]], "BatchInput": batchInput],
                ["Items": [["v": "c", "i": 2]], "BatchInput": batchInput],
            ])
    }

    /// Each child's whole input stays within `MaxInputBytesPerBatch` (the bytes the child processes); a batch is
    /// closed only when the next item would not fit.
    @Test func maxInputBytesPerBatchBoundsEachChildInput() async throws {
        let items = (0..<12).map { JSON.string(String(repeating: "x", count: 10 + $0 % 3)) }
        let limit = 70
        let fields = #""ItemBatcher": {"MaxInputBytesPerBatch": \#(limit), "BatchInput": {"k": 1}}"#
        let result = try await Harness.run(Harness.machine(fields), input: .array(items))
        #expect(result.status == .succeeded)
        let inputs = try #require(result.output?.arrayValue)
        let batches = inputs.compactMap { $0["Items"]?.arrayValue }
        #expect(batches.flatMap { $0 } == items)
        #expect(batches.count > 1)
        for (n, input) in inputs.enumerated() {
            #expect(input.serialized().utf8.count <= limit)
            if n + 1 < batches.count, let next = batches[n + 1].first {
                let grown: JSON = ["Items": .array(batches[n] + [next]), "BatchInput": ["k": 1]]
                #expect(grown.serialized().utf8.count > limit)
            }
        }
    }

    @Test func bothLimitsApplyTogether() async throws {
        let fields = #""ItemBatcher": {"MaxItemsPerBatch": 3, "MaxInputBytesPerBatch": 1000}"#
        let result = try await Harness.run(Harness.machine(fields), input: [1, 2, 3, 4])
        #expect(result.output == [["Items": [1, 2, 3]], ["Items": [4]]])
    }

    @Test func batchesFromAReaderWithMaxItems() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("f.json", #"[{"v": 1}, {"v": 2}, {"v": 3}]"#)
        let fields =
            Harness.reader(bucket.path, "f.json", "JSON", config: #""MaxItems": 2"#)
            + #", "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"b": 1}}"#
        let result = try await Harness.run(Harness.machine(fields))
        #expect(result.output == [["Items": [["v": 1], ["v": 2]], "BatchInput": ["b": 1]]])
    }

    @Test func childSeesItsBatchAsInput() async throws {
        let processor = """
            "StartAt": "Count", "States": {"Count": {"Type": "Pass",
              "Parameters": {"n.$": "States.ArrayLength($.Items)", "first.$": "$.Items[0]", "tag.$": "$.BatchInput.tag"},
              "End": true}}
            """
        let fields = #""ItemBatcher": {"MaxItemsPerBatch": 3, "BatchInput": {"tag": "T"}}"#
        let result = try await Harness.run(
            Harness.machine(fields, processor: processor), input: [10, 20, 30, 40])
        #expect(result.output == [["n": 3, "first": 10, "tag": "T"], ["n": 1, "first": 40, "tag": "T"]])
    }
}
