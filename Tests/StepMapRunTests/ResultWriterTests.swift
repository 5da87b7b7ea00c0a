import StepJSON
import StepMapRun
import StepRuntime
import Testing

/// `ResultWriter`: results exported to `<bucket>/<Prefix>/<run-id>/` with `manifest.json`, or formatted in place.
@Suite struct ResultWriterTests {
    static func writer(_ bucket: String, prefix: String = "out", config: String? = nil) -> String {
        let wc = config.map { #", "WriterConfig": {\#($0)}"# } ?? ""
        return """
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
              "Parameters": {"Bucket": "\(bucket)", "Prefix": "\(prefix)"}\(wc)}
            """
    }

    /// Runs a Distributed Map labelled `Export` over `input` writing to the bucket named `results`.
    func export(
        _ input: JSON, config: String? = nil, fields: String = "", processor: String = Harness.passThrough,
        in bucket: TempBucket
    ) async throws -> ExecutionResult {
        let extra = fields.isEmpty ? "" : ", " + fields
        return try await Harness.run(
            Harness.machine(
                #""Label": "Export", "# + Self.writer("results", config: config) + extra, processor: processor,
                executionType: "STANDARD"),
            input: input, buckets: Buckets(directories: ["results": bucket.path]))
    }

    @Test func exportWritesResultFilesAndAManifest() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        let result = try await export(["alpha", "bravo", "charlie"], in: bucket)
        #expect(result.status == .succeeded)
        let output = try #require(result.output)
        let arn = try #require(output["MapRunArn"]?.stringValue)
        #expect(arn.hasPrefix("arn:aws:states:us-east-1:111111111111:mapRun:m/Export:"))
        let runId = try #require(arn.split(separator: ":").last.map(String.init))
        let manifestKey = "out/\(runId)/manifest.json"
        #expect(
            output == [
                "MapRunArn": .string(arn), "ResultWriterDetails": ["Bucket": "results", "Key": .string(manifestKey)],
            ])
        #expect(result.events.first { $0.type == .mapRunStarted }?.details["mapRunArn"] == .string(arn))

        let manifest = try bucket.json(manifestKey)
        #expect(manifest["DestinationBucket"] == "results")
        #expect(manifest["MapRunArn"] == .string(arn))
        let files = try #require(manifest["ResultFiles"])
        #expect(files["FAILED"] == [])
        #expect(files["PENDING"] == [])
        let succeeded = try #require(files["SUCCEEDED"]?.arrayValue)
        #expect(succeeded.count == 1)
        let key = try #require(succeeded.first?["Key"]?.stringValue)
        #expect(key == "out/\(runId)/SUCCEEDED_0.json")
        #expect(succeeded.first?["Size"] == .int(try bucket.size(key)))

        let entries = try #require(try bucket.json(key).arrayValue)
        #expect(Set(entries.compactMap { $0["Input"]?.stringValue }) == ["\"alpha\"", "\"bravo\"", "\"charlie\""])
        for entry in entries {
            let keys = Set(entry.objectValue?.map(\.0) ?? [])
            #expect(
                keys == [
                    "ExecutionArn", "Input", "InputDetails", "Name", "Output", "OutputDetails", "RedriveCount",
                    "RedriveStatus", "RedriveStatusReason", "StartDate", "StateMachineArn", "Status", "StopDate",
                ])
            let name = try #require(entry["Name"]?.stringValue)
            #expect(
                entry["ExecutionArn"] == .string("arn:aws:states:us-east-1:111111111111:execution:m/Export:\(name)"))
            #expect(entry["StateMachineArn"] == "arn:aws:states:us-east-1:111111111111:stateMachine:m/Export")
            #expect(entry["Output"] == entry["Input"])
            #expect(entry["InputDetails"] == ["Included": true])
            #expect(entry["Status"] == "SUCCEEDED")
            #expect(entry["RedriveCount"] == 0)
            #expect(entry["RedriveStatus"] == "NOT_REDRIVABLE")
            #expect(entry["StartDate"]?.stringValue?.hasSuffix("Z") == true)
        }
        #expect(Set(entries.compactMap { $0["Name"]?.stringValue }).count == 3)
    }

    @Test func failedChildrenGoToFailedFiles() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        let items: JSON = [["fail": true], ["fail": false], ["fail": true]]
        let result = try await export(
            items, config: #""Transformation": "COMPACT""#, fields: #""ToleratedFailureCount": 2"#,
            processor: Harness.failWhenAsked, in: bucket)
        #expect(result.status == .succeeded)
        let manifestKey = try #require(result.output?["ResultWriterDetails"]?["Key"]?.stringValue)
        let files = try #require(try bucket.json(manifestKey)["ResultFiles"])
        let failedKey = try #require(files["FAILED"]?.arrayValue?.first?["Key"]?.stringValue)
        #expect(failedKey.hasSuffix("/FAILED_0.json"))
        #expect(files["FAILED"]?.arrayValue?.first?["Size"] == .int(try bucket.size(failedKey)))
        let failed = try #require(try bucket.json(failedKey).arrayValue)
        #expect(failed.count == 2)
        #expect(
            failed.allSatisfy { $0["Status"] == "FAILED" && $0["Error"] == "Boom" && $0["Cause"] == "asked to fail" })
        let succeededKey = try #require(files["SUCCEEDED"]?.arrayValue?.first?["Key"]?.stringValue)
        // COMPACT keeps only the outputs of children that succeeded.
        #expect(try bucket.json(succeededKey) == [["fail": false]])
    }

    /// The Map still fails on the threshold, and what was exported (the failures above all) is left readable.
    @Test func thresholdFailureStillWritesTheFailures() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        let result = try await export([["fail": true]], processor: Harness.failWhenAsked, in: bucket)
        #expect(result.error == "States.ExceedToleratedFailureThreshold")
        let arn = try #require(result.events.first { $0.type == .mapRunStarted }?.details["mapRunArn"]?.stringValue)
        let runId = try #require(arn.split(separator: ":").last)
        let manifest = try bucket.json("out/\(runId)/manifest.json")
        let failedKey = try #require(manifest["ResultFiles"]?["FAILED"]?.arrayValue?.first?["Key"]?.stringValue)
        #expect(try bucket.json(failedKey).arrayValue?.first?["Error"] == "Boom")
    }

    @Test func flattenExportsArrayElementsOneByOne() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        let result = try await export([[1, 2], [3], [], "x"], config: #""Transformation": "FLATTEN""#, in: bucket)
        let manifestKey = try #require(result.output?["ResultWriterDetails"]?["Key"]?.stringValue)
        let key = try #require(
            try bucket.json(manifestKey)["ResultFiles"]?["SUCCEEDED"]?.arrayValue?.first?["Key"]?.stringValue)
        let values = try #require(try bucket.json(key).arrayValue)
        #expect(values.count == 4)
        #expect(Set(values.map { $0.serialized() }) == ["1", "2", "3", "\"x\""])
    }

    @Test func jsonLinesOutputWritesOneResultPerLine() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        let result = try await export(
            [["a": 1], ["a": 2]], config: #""Transformation": "COMPACT", "OutputType": "JSONL""#, in: bucket)
        let manifestKey = try #require(result.output?["ResultWriterDetails"]?["Key"]?.stringValue)
        let file = try #require(try bucket.json(manifestKey)["ResultFiles"]?["SUCCEEDED"]?.arrayValue?.first)
        let key = try #require(file["Key"]?.stringValue)
        #expect(file["Size"] == .int(try bucket.size(key)))
        let lines = try bucket.text(key).split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(Set(try lines.map { try Harness.json($0) }) == [["a": 1], ["a": 2]])
    }

    @Test func writerConfigAloneFormatsTheOutputInPlace() async throws {
        let flatten = try await Harness.run(
            Harness.machine(#""ResultWriter": {"WriterConfig": {"Transformation": "FLATTEN"}}"#),
            input: [[1, 2], [3], 4])
        #expect(flatten.output == [1, 2, 3, 4])
        let none = try await Harness.run(
            Harness.machine(#""ResultWriter": {"WriterConfig": {"Transformation": "NONE"}}"#), input: ["v"])
        let entry = try #require(none.output?.arrayValue?.first)
        #expect(entry["Output"] == "\"v\"")
        #expect(entry["Status"] == "SUCCEEDED")
        let compact = try await Harness.run(
            Harness.machine(#""ResultWriter": {"WriterConfig": {"Transformation": "COMPACT"}}"#), input: [[1, 2], 3])
        #expect(compact.output == [[1, 2], 3])
    }

    @Test func prefixFromInputAndAbsoluteBucketPath() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        let fields = """
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
              "Parameters": {"Bucket": "\(bucket.path)", "Prefix.$": "$.prefix"}},
            "ItemsPath": "$.items"
            """
        let result = try await Harness.run(Harness.machine(fields), input: ["prefix": "jobs/run-1/", "items": [1]])
        let key = try #require(result.output?["ResultWriterDetails"]?["Key"]?.stringValue)
        #expect(key.hasPrefix("jobs/run-1/"))
        #expect(!key.contains("//"))
        #expect(key.hasSuffix("/manifest.json"))
        #expect(bucket.exists(key))
    }

    @Test func unknownResultBucketFailsWithResultWriterFailed() async throws {
        let result = try await Harness.run(Harness.machine(Self.writer("missing-bucket")), input: [1])
        #expect(result.error == "States.ResultWriterFailed")
        #expect(result.cause?.contains("missing-bucket") == true)
    }

    @Test func emptyRunStillWritesAManifest() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        let result = try await export([], in: bucket)
        let key = try #require(result.output?["ResultWriterDetails"]?["Key"]?.stringValue)
        let files = try bucket.json(key)["ResultFiles"]
        #expect(files == ["FAILED": [], "PENDING": [], "SUCCEEDED": []])
    }
}
