import Foundation
import StepJSON
import StepMapRun
import Testing

/// `ItemReader` with `s3:listObjectsV2`: one item per object under the prefix, shaped as S3 lists it.
@Suite struct ObjectListingTests {
    static func listing(_ parameters: String) -> String {
        #""ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {\#(parameters)}}"#
    }

    @Test func listsObjectsUnderThePrefixInKeyOrder() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("data/b.txt", "hello")
        try bucket.put("data/a.txt", "")
        try bucket.put("data/sub/c.txt", "abc")
        try bucket.put("database.txt", "x")
        try bucket.put("other/d.txt", "d")
        let before = Int(Date().timeIntervalSince1970) - 5
        let result = try await Harness.run(
            Harness.machine(Self.listing(#""Bucket": "\#(bucket.path)", "Prefix": "data/""#)))
        #expect(result.status == .succeeded)
        let items = try #require(result.output?.arrayValue)
        #expect(items.map { $0["Key"] } == ["data/a.txt", "data/b.txt", "data/sub/c.txt"])
        let b = items[1]
        #expect(b["Size"] == 5)
        #expect(b["Etag"] == "\"5d41402abc4b2a76b9719d911017c592\"")
        #expect(items[0]["Etag"] == "\"d41d8cd98f00b204e9800998ecf8427e\"")
        #expect(b["StorageClass"] == "STANDARD")
        let modified = try #require(b["LastModified"]?.intValue)
        #expect(modified >= before && modified <= Int(Date().timeIntervalSince1970) + 5)
        #expect(Set(b.objectValue?.map(\.0) ?? []) == ["Etag", "Key", "LastModified", "Size", "StorageClass"])
    }

    @Test func prefixIsAStringPrefixNotAFolder() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("data/a.txt", "1")
        try bucket.put("database.txt", "2")
        try bucket.put("z.txt", "3")
        let result = try await Harness.run(
            Harness.machine(Self.listing(#""Bucket": "\#(bucket.path)", "Prefix": "data""#)))
        #expect(result.output?.arrayValue?.map { $0["Key"] } == ["data/a.txt", "database.txt"])
    }

    @Test func noPrefixListsTheWholeBucketSortedByBytes() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        for key in ["b", "B", "a/1", "a-1", "_"] { try bucket.put(key, key) }
        let result = try await Harness.run(Harness.machine(Self.listing(#""Bucket": "\#(bucket.path)""#)))
        #expect(result.output?.arrayValue?.map { $0["Key"] } == ["B", "_", "a-1", "a/1", "b"])
    }

    @Test func namedBucketWithPrefixFromTheInputAndMaxItems() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        for i in 0..<5 { try bucket.put("logs/\(i).log", String(repeating: "x", count: i)) }
        let fields = """
            "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "ReaderConfig": {"MaxItems": 3},
              "Parameters": {"Bucket": "logs-bucket", "Prefix.$": "$.prefix"}},
            "ItemSelector": {"key.$": "$$.Map.Item.Value.Key", "size.$": "$$.Map.Item.Value.Size"}
            """
        let result = try await Harness.run(
            Harness.machine(fields), input: ["prefix": "logs/"],
            buckets: Buckets(directories: ["logs-bucket": bucket.path]))
        #expect(
            result.output == [
                ["key": "logs/0.log", "size": 0], ["key": "logs/1.log", "size": 1], ["key": "logs/2.log", "size": 2],
            ])
    }

    @Test func emptyListingSucceedsWithNoItems() async throws {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        let result = try await Harness.run(
            Harness.machine(Self.listing(#""Bucket": "\#(bucket.path)", "Prefix": "none/""#)))
        #expect(result.status == .succeeded)
        #expect(result.output == [])
    }

    @Test func unknownBucketFails() async throws {
        let result = try await Harness.run(Harness.machine(Self.listing(#""Bucket": "ghost""#)))
        #expect(result.error == "States.ItemReaderFailed")
        #expect(result.cause?.contains("ghost") == true)
    }
}
