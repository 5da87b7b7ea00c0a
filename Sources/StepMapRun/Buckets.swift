import Foundation

/// Where S3 buckets live on this machine: a `Bucket` that is an absolute path is that directory; a
/// name is looked up in the config file's `buckets` section, else under `bucketRoot` when one is set.
public struct Buckets: Sendable {
    public var directories: [String: String]
    public var root: String?

    public init(directories: [String: String] = [:], root: String? = nil) {
        self.directories = directories
        self.root = root
    }

    /// The directory of a bucket, or the error S3 would give for a bucket that does not exist.
    public func directory(_ bucket: String) throws(MapRunFailure) -> String {
        var dir: String
        if bucket.hasPrefix("/") {
            dir = bucket
        } else if let d = directories[bucket] {
            dir = d
        } else if let root {
            dir = (root as NSString).appendingPathComponent(bucket)
        } else {
            throw MapRunFailure(
                "S3.NoSuchBucket",
                "The bucket '\(bucket)' is not mapped to a directory: give it in the config file's \"buckets\" section, or use an absolute path")
        }
        while dir.count > 1, dir.hasSuffix("/") { dir.removeLast() }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw MapRunFailure("S3.NoSuchBucket", "The specified bucket does not exist: '\(bucket)' (\(dir))")
        }
        return dir
    }

    /// The file of a key inside a bucket; keys cannot climb out of their bucket.
    public static func path(_ key: String, in dir: String) throws(MapRunFailure) -> String {
        let parts = key.split(separator: "/")
        guard !parts.contains(".."), !key.isEmpty else {
            throw MapRunFailure("S3.InvalidKey", "The key '\(key)' is not a valid object key")
        }
        return dir + "/" + parts.joined(separator: "/")
    }
}
