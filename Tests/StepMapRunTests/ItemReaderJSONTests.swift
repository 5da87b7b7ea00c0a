import StepJSON
import StepLanguage
import StepMapRun
import Testing

/// `ItemReader` over JSON and JSON Lines objects, and how a bucket and key are found.
@Suite struct ItemReaderJSONTests {
    @Test func jsonLinesSkipsBlankLinesAndKeepsOrder() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("in/items.jsonl", "{\"n\": 1}\n\n   \n{\"n\": 2}\r\n\"three\"\n[4]\n")
        let result = try await Harness.run(Harness.machine(Harness.reader(bucket.path, "in/items.jsonl", "JSONL")))
        #expect(result.status == .succeeded)
        #expect(result.output == .array([["n": 1], ["n": 2], "three", [4]]))
        #expect(result.events.map(\.type).contains(.mapRunStarted))
    }

    @Test func malformedJSONLinesLineFailsTheReader() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("items.jsonl", "{\"n\": 1}\n{\"n\": \n{\"n\": 3}\n")
        let result = try await Harness.run(Harness.machine(Harness.reader(bucket.path, "items.jsonl", "JSONL")))
        #expect(result.status == .failed)
        #expect(result.error == "States.ItemReaderFailed")
        #expect(result.cause?.contains("Line 2") == true)
        #expect(result.events.map(\.type).suffix(3) == [.mapRunFailed, .mapStateFailed, .executionFailed])
    }

    @Test func jsonArrayObjectGivesItsElements() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("data.json", #"[{"verdict": "true"}, {"verdict": "false"}, 3, null]"#)
        let result = try await Harness.run(Harness.machine(Harness.reader(bucket.path, "data.json", "JSON")))
        #expect(result.status == .succeeded)
        #expect(result.output == .array([["verdict": "true"], ["verdict": "false"], 3, .null]))
    }

    /// AWS: `States.ItemReaderFailed`, "Attempting to map over non-iterable node."
    @Test func jsonObjectThatIsNotAnArrayFails() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("data.json", #"{"Hello": "world"}"#)
        let result = try await Harness.run(Harness.machine(Harness.reader(bucket.path, "data.json", "JSON")))
        #expect(result.error == "States.ItemReaderFailed")
        #expect(result.cause == "Attempting to map over non-iterable node.")
    }

    @Test func invalidJSONObjectFails() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("data.json", "[1, 2,")
        let result = try await Harness.run(Harness.machine(Harness.reader(bucket.path, "data.json", "JSON")))
        #expect(result.error == "States.ItemReaderFailed")
    }

    /// `ItemsPath` does not apply to what an `ItemReader` reads (AWS ignores it, even when it matches nothing).
    @Test func itemsPathIsIgnoredWithAnItemReader() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("data.json", #"[["from-bucket"]]"#)
        let fields = #""ItemsPath": "$.nothing", "# + Harness.reader(bucket.path, "data.json", "JSON")
        let result = try await Harness.run(Harness.machine(fields), input: ["items": [1, 2]])
        #expect(result.output == [["from-bucket"]])
    }

    @Test func maxItemsStopsReadingJSONAndJSONLines() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("a.json", "[1, 2, 3, 4, 5]")
        try bucket.put("b.jsonl", "1\n2\n3\n4\n5\n")
        let json = try await Harness.run(
            Harness.machine(Harness.reader(bucket.path, "a.json", "JSON", config: #""MaxItems": 2"#)))
        #expect(json.output == [1, 2])
        let lines = try await Harness.run(
            Harness.machine(Harness.reader(bucket.path, "b.jsonl", "JSONL", config: #""MaxItems": 3"#)))
        #expect(lines.output == [1, 2, 3])
    }

    /// AWS: `MaxItems` 0 means no limit; a negative one from `MaxItemsPath` fails the reader.
    @Test func maxItemsPathZeroReadsAllAndNegativeFails() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("a.json", "[1, 2, 3]")
        let machine = Harness.machine(
            Harness.reader(bucket.path, "a.json", "JSON", config: #""MaxItemsPath": "$.max""#))
        let all = try await Harness.run(machine, input: ["max": 0])
        #expect(all.output == [1, 2, 3])
        let negative = try await Harness.run(machine, input: ["max": -1])
        #expect(negative.error == "States.ItemReaderFailed")
        #expect(negative.cause == "field MaxItems must be positive")
        let fraction = try await Harness.run(machine, input: ["max": 1.5])
        #expect(fraction.error == "States.Runtime")
        #expect(
            fraction.cause?.contains("The MaxItemsPath field refers to value \"1.5\" which is not a valid integer")
                == true)
    }

    @Test func parametersWithPathsAreEvaluatedFromTheStateInput() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("jobs/7.json", #"["seven"]"#)
        let fields = """
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
              "Parameters": {"Bucket.$": "$.where.bucket", "Key.$": "States.Format('jobs/{}.json', $.job)"}}
            """
        let result = try await Harness.run(
            Harness.machine(fields), input: ["where": ["bucket": .string(bucket.path)], "job": 7])
        #expect(result.status == .succeeded)
        #expect(result.output == ["seven"])
    }

    @Test func bucketNameIsMappedToADirectory() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("k.json", "[true]")
        let result = try await Harness.run(
            Harness.machine(Harness.reader("my-bucket", "k.json", "JSON")),
            buckets: Buckets(directories: ["my-bucket": bucket.path + "/"]))
        #expect(result.output == [true])
    }

    @Test func bucketRootHoldsNamedBuckets() async throws {
        let root = try TempBucket()
        defer { root.remove() }
        try root.put("named/k.json", "[1]")
        let result = try await Harness.run(
            Harness.machine(Harness.reader("named", "k.json", "JSON")), buckets: Buckets(root: root.path))
        #expect(result.output == [1])
    }

    @Test func unknownBucketFailsWithItsName() async throws {
        let result = try await Harness.run(Harness.machine(Harness.reader("nowhere-bucket", "k.json", "JSON")))
        #expect(result.error == "States.ItemReaderFailed")
        #expect(result.cause?.contains("nowhere-bucket") == true)
        #expect(Harness.mapRunFailure(result)?.error == "States.ItemReaderFailed")
    }

    @Test func missingKeyFailsWithTheKey() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        let result = try await Harness.run(Harness.machine(Harness.reader(bucket.path, "no/such.json", "JSON")))
        #expect(result.error == "States.ItemReaderFailed")
        #expect(result.cause?.contains("no/such.json") == true)
    }

    /// A "folder" is no S3 object: reading it is `States.ItemReaderFailed`, whatever the input type.
    @Test func keyNamingAFolderFailsTheReader() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("folder/inner.json", "[1]")
        for type in ["JSON", "JSONL", "CSV"] {
            let result = try await Harness.run(Harness.machine(Harness.reader(bucket.path, "folder", type)))
            #expect(result.error == "States.ItemReaderFailed", "\(type)")
            #expect(result.cause?.contains("folder") == true, "\(type)")
        }
    }

    @Test func keysCannotClimbOutOfTheirBucket() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("inside/k.json", "[1]")
        let result = try await Harness.run(
            Harness.machine(Harness.reader(bucket.path + "/inside", "../inside/k.json", "JSON")))
        #expect(result.error == "States.ItemReaderFailed")
    }
}
