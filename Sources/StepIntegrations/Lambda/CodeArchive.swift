import Foundation
import ZIPFoundation

/// An uploaded function's zip file, unpacked through ZIPFoundation with every entry checked first: it must
/// stay inside the function's folder (no absolute path, no `..`, no symbolic link), and the archive must
/// stay within Lambda's own bounds (250 MB unzipped, a bounded number of files), counted on the bytes
/// actually inflated, not the sizes the archive claims, so that a zip bomb stops at the limit.
enum CodeArchive {
    /// Lambda's limit for a function's unzipped code.
    static let maximumUnzippedBytes: UInt64 = 250 * 1024 * 1024
    static let maximumEntries = 20_000

    /// Why an archive is refused, in words for the person who uploaded it.
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    static func unpack(_ zip: [UInt8], into folder: String, limit: UInt64 = maximumUnzippedBytes) throws(Refusal) {
        let archive: Archive
        do {
            archive = try Archive(data: Data(zip), accessMode: .read)
        } catch {
            throw Refusal(description: "not a zip file")
        }
        var entries: [(Entry, String)] = []
        for entry in archive {
            guard entries.count < maximumEntries else { throw Refusal(description: "more than \(maximumEntries) files") }
            guard entry.type != .symlink else { throw Refusal(description: "'\(entry.path)' is a symbolic link") }
            entries.append((entry, try relativePath(entry.path)))
        }
        var total: UInt64 = 0
        let root = URL(fileURLWithPath: folder)
        for (entry, path) in entries {
            let destination = root.appendingPathComponent(path)
            do {
                if entry.type == .directory {
                    try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
                    continue
                }
                try FileManager.default.createDirectory(
                    at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: destination.path, contents: nil, attributes: [.posixPermissions: 0o600])
                else { throw Refusal(description: "cannot write '\(path)'") }
                let handle = try FileHandle(forWritingTo: destination)
                defer { try? handle.close() }
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    total += UInt64(chunk.count)
                    if total > limit {
                        throw Refusal(description: "unzipped, the code is larger than \(limit) bytes")
                    }
                    handle.write(chunk)
                }
            } catch let refusal as Refusal {
                throw refusal
            } catch {
                throw Refusal(description: "cannot unpack '\(path)': \(error)")
            }
        }
    }

    /// An entry's path as a path inside the folder, or a refusal.
    static func relativePath(_ path: String) throws(Refusal) -> String {
        let normalized = path.replacingOccurrences(of: "\\", with: "/")
        let parts = normalized.split(separator: "/", omittingEmptySubsequences: true)
        guard !normalized.hasPrefix("/"), !parts.isEmpty, !parts.contains(".."), !normalized.contains("\0") else {
            throw Refusal(description: "'\(path)' would be unpacked outside the function's folder")
        }
        return parts.filter { $0 != "." }.joined(separator: "/")
    }
}
