import Foundation
import Testing

@testable import StepMapRun

/// A definition (one sent over the API, say) reads and writes only inside the buckets the service names.
@Suite struct BucketConfinementTests {
    func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bucket-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        try "[1]".write(toFile: dir + "/in/items.json", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func anAbsoluteBucketIsRefusedUnlessAllowed() throws {
        let dir = try folder()
        let strict = Buckets(directories: ["data": dir], allowAbsolute: false)
        #expect(throws: MapRunFailure.self) { _ = try strict.directory("/etc") }
        #expect(try strict.directory("data") == dir)
        #expect(try Buckets(allowAbsolute: true).directory(dir) == dir)
    }

    @Test func keysCannotClimbOut() throws {
        let dir = try folder()
        #expect(throws: MapRunFailure.self) { _ = try Buckets.path("../../etc/shadow", in: dir) }
        #expect(throws: MapRunFailure.self) { _ = try Buckets.path("in/../../x", in: dir) }
        #expect(try Buckets.path("in/items.json", in: dir) == dir + "/in/items.json")
        #expect(try Buckets.path("/in/items.json", in: dir) == dir + "/in/items.json", "a leading slash is part of an S3 key")
        #expect(try Buckets.path("out/new/result.json", in: dir) == dir + "/out/new/result.json", "a file still to be written")
    }

    @Test func aSymbolicLinkOutOfTheBucketIsRefused() throws {
        let dir = try folder()
        try FileManager.default.createSymbolicLink(atPath: dir + "/escape", withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: dir + "/inside", withDestinationPath: dir + "/in")
        #expect(throws: MapRunFailure.self) { _ = try Buckets.path("escape/passwd", in: dir) }
        #expect(throws: MapRunFailure.self) { _ = try Buckets.path("escape/new-file", in: dir) }
        #expect(try Buckets.path("inside/items.json", in: dir) == dir + "/inside/items.json")
    }
}
