import Foundation

/// Where S3 buckets live on this machine: a `Bucket` that is an absolute path is that directory; a
/// name is looked up in the config file's `buckets` section, else under `bucketRoot` when one is set.
public struct Buckets: Sendable {
    public var directories: [String: String]
    public var root: String?
    /// Whether a `Bucket` may be an absolute path (any folder the service can read). The service's
    /// configuration turns it on with `allowAbsoluteBuckets: true`; off, only the named buckets exist.
    public var allowAbsolute: Bool

    public init(directories: [String: String] = [:], root: String? = nil, allowAbsolute: Bool = true) {
        self.directories = directories
        self.root = root
        self.allowAbsolute = allowAbsolute
    }

    /// The directory of a bucket, or the error S3 would give for a bucket that does not exist.
    public func directory(_ bucket: String) throws(MapRunFailure) -> String {
        var dir: String
        if bucket.hasPrefix("/") {
            guard allowAbsolute else {
                throw MapRunFailure(
                    "S3.NoSuchBucket",
                    "The bucket '\(bucket)' is an absolute path, which this service does not allow: name a bucket of the configuration's \"buckets\" (or set allowAbsoluteBuckets: true)"
                )
            }
            dir = bucket
        } else if let d = directories[bucket] {
            dir = d
        } else if let root {
            dir = (root as NSString).appendingPathComponent(bucket)
        } else {
            throw MapRunFailure(
                "S3.NoSuchBucket",
                "The bucket '\(bucket)' is not mapped to a directory: give it in the config file's \"buckets\" section, or use an absolute path"
            )
        }
        while dir.count > 1, dir.hasSuffix("/") { dir.removeLast() }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw MapRunFailure("S3.NoSuchBucket", "The specified bucket does not exist: '\(bucket)' (\(dir))")
        }
        return dir
    }

    /// The file of a key inside a bucket; keys cannot climb out of their bucket, neither by `..` nor through
    /// a symbolic link that leads elsewhere.
    public static func path(_ key: String, in dir: String) throws(MapRunFailure) -> String {
        let parts = key.split(separator: "/")
        guard !parts.contains(".."), !key.isEmpty, !key.contains("\0") else {
            throw MapRunFailure("S3.InvalidKey", "The key '\(key)' is not a valid object key")
        }
        let path = dir + "/" + parts.joined(separator: "/")
        guard let root = realPath(dir), let resolved = resolvedAncestor(path), resolved == root || resolved.hasPrefix(root + "/") else {
            throw MapRunFailure("S3.InvalidKey", "The key '\(key)' leads out of its bucket")
        }
        return path
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// The real path of `path`, or of its nearest ancestor that exists (a file about to be written).
    static func resolvedAncestor(_ path: String) -> String? {
        var current = path
        var rest: [String] = []
        while !current.isEmpty {
            if let real = realPath(current) { return ([real] + rest.reversed()).joined(separator: "/") }
            let url = URL(fileURLWithPath: current)
            rest.append(url.lastPathComponent)
            let parent = url.deletingLastPathComponent().path
            if parent == current { return nil }
            current = parent
        }
        return nil
    }
}
