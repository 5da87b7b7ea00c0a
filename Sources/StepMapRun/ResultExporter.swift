import Foundation
import StepJSON
import StepLanguage

/// Writes a map run's child results to a bucket directory as AWS's `ResultWriter` does:
/// `PREFIX/RUN-ID/SUCCEEDED_n.json` and `FAILED_n.json` (JSON arrays, or JSON Lines with
/// `OutputType: JSONL`), then `manifest.json` listing them, streamed so that no result is held.
final class ResultExporter {
    let bucket: String
    let directory: String
    /// The key prefix of the run's files: `PREFIX/RUN-ID`.
    let keyPrefix: String
    let mapRunArn: String
    let lines: Bool
    var files: [String: OpenFile] = [:]
    var written: [String: [(key: String, size: Int)]] = ["SUCCEEDED": [], "FAILED": [], "PENDING": []]
    static let rotateBytes = 100 << 20

    /// One result file being written.
    struct OpenFile {
        var handle: FileHandle
        var key: String
        var number: Int
        var size: Int
        var count: Int
    }

    init(bucket: String, directory: String, prefix: String, mapRunArn: String, outputType: String?) throws(MapRunFailure) {
        self.bucket = bucket
        self.directory = directory
        self.mapRunArn = mapRunArn
        lines = outputType == "JSONL"
        let runId = ARN(parsing: mapRunArn)?.resourceComponents.last ?? "run"
        var p = prefix
        while p.hasSuffix("/") { p.removeLast() }
        keyPrefix = p.isEmpty ? runId : p + "/" + runId
        do throws(MapRunFailure) {
            // The results stay inside their bucket, whatever the Prefix says.
            _ = try Buckets.path(keyPrefix, in: directory)
        } catch {
            throw MapRunFailure(StatesErrorName.resultWriterFailed, error.cause)
        }
        do {
            try FileManager.default.createDirectory(
                atPath: directory + "/" + keyPrefix, withIntermediateDirectories: true)
        } catch {
            throw MapRunFailure(
                StatesErrorName.resultWriterFailed, "Cannot create '\(keyPrefix)' in bucket '\(bucket)': \(error.localizedDescription)")
        }
    }

    /// Appends one entry to the file of its status.
    func write(_ entry: JSON, status: String) throws(MapRunFailure) {
        let group = status == "SUCCEEDED" ? "SUCCEEDED" : "FAILED"
        var file: OpenFile
        if let f = files[group], f.size < Self.rotateBytes {
            file = f
        } else {
            if let f = files[group] { try close(f, group: group) }
            file = try open(group, number: (files[group]?.number ?? -1) + 1)
        }
        var text = entry.serialized()
        if lines {
            text += "\n"
        } else {
            text = (file.count == 0 ? "[" : ",") + text
        }
        let data = Data(text.utf8)
        try append(data, to: file.handle)
        file.size += data.count
        file.count += 1
        files[group] = file
    }

    func open(_ group: String, number: Int) throws(MapRunFailure) -> OpenFile {
        let key = "\(keyPrefix)/\(group)_\(number).json\(lines ? "l" : "")"
        let path = directory + "/" + key
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw MapRunFailure(StatesErrorName.resultWriterFailed, "Cannot write '\(key)' in bucket '\(bucket)'")
        }
        return OpenFile(handle: h, key: key, number: number, size: 0, count: 0)
    }

    func close(_ f: OpenFile, group: String) throws(MapRunFailure) {
        var size = f.size
        if !lines {
            let tail = Data((f.count == 0 ? "[]" : "]").utf8)
            try append(tail, to: f.handle)
            size += tail.count
        }
        try? f.handle.close()
        written[group, default: []].append((f.key, size))
    }

    func append(_ data: Data, to handle: FileHandle) throws(MapRunFailure) {
        do {
            try handle.write(contentsOf: data)
        } catch {
            throw MapRunFailure(StatesErrorName.resultWriterFailed, "Cannot write results: \(error.localizedDescription)")
        }
    }

    /// Closes every file, writes `manifest.json`, and returns the Map state's result.
    func finish() throws(MapRunFailure) -> JSON {
        for (group, f) in files.sorted(by: { $0.key < $1.key }) { try close(f, group: group) }
        files.removeAll()
        var results = JSONObject(minimumCapacity: 3)
        for group in ["FAILED", "PENDING", "SUCCEEDED"] {
            results[group] = .array(
                (written[group] ?? []).map { .object(["Key": .string($0.key), "Size": .int($0.size)]) })
        }
        var manifest = JSONObject(minimumCapacity: 3)
        manifest["DestinationBucket"] = .string(bucket)
        manifest["MapRunArn"] = .string(mapRunArn)
        manifest["ResultFiles"] = .object(results)
        let key = keyPrefix + "/manifest.json"
        guard FileManager.default.createFile(atPath: directory + "/" + key, contents: Data(JSON.object(manifest).serialized().utf8)) else {
            throw MapRunFailure(StatesErrorName.resultWriterFailed, "Cannot write '\(key)' in bucket '\(bucket)'")
        }
        var details = JSONObject(minimumCapacity: 2)
        details["Bucket"] = .string(bucket)
        details["Key"] = .string(key)
        return .object(["MapRunArn": .string(mapRunArn), "ResultWriterDetails": .object(details)])
    }
}
