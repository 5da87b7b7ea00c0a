import Crypto
import Foundation
import StepJSON

/// `s3:listObjectsV2` over a directory: one item per file under the prefix, in key order, shaped as
/// S3 lists objects (`Etag`, `Key`, `LastModified` in epoch seconds, `Size`, `StorageClass`).
final class ObjectListingItemSource: ItemSource {
    let directory: String
    var keys: [String]
    var position = 0

    init(directory: String, prefix: String) throws(MapRunFailure) {
        self.directory = directory
        guard let walker = FileManager.default.enumerator(atPath: directory) else {
            throw MapRunFailure("States.ItemReaderFailed", "Cannot list the bucket directory '\(directory)'")
        }
        var keys: [String] = []
        while let rel = walker.nextObject() as? String {
            guard rel.hasPrefix(prefix) || prefix.isEmpty else { continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                keys.append(rel)
            }
        }
        self.keys = keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    func next() throws(MapRunFailure) -> JSON? {
        guard position < keys.count else { return nil }
        let key = keys[position]
        position += 1
        let path = directory + "/" + key
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        var o = JSONObject(minimumCapacity: 5)
        o["Etag"] = .string("\"\(Self.etag(path))\"")
        o["Key"] = .string(key)
        o["LastModified"] = .int(Int(modified))
        o["Size"] = .int(size)
        o["StorageClass"] = .string("STANDARD")
        return .object(o)
    }

    /// The MD5 of the file's content, as S3 gives for objects uploaded in one part.
    static func etag(_ path: String) -> String {
        guard let h = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? h.close() }
        var md5 = Insecure.MD5()
        while let data = try? h.read(upToCount: 1 << 16), !data.isEmpty { md5.update(data: data) }
        return md5.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
