import Foundation
import StepEngine
import StepJSON
import StepLanguage

/// A stream of Map items: the state input's array, or what an `ItemReader` reads from a file or a
/// listing, one item at a time.
protocol ItemSource: AnyObject {
    /// The next item, or `nil` when there are no more.
    func next() throws(MapRunFailure) -> JSON?
}

/// Items already in memory (`ItemsPath` or `Items`).
final class ArrayItemSource: ItemSource {
    let items: [JSON]
    var position = 0

    init(_ items: [JSON]) { self.items = items }

    func next() throws(MapRunFailure) -> JSON? {
        guard position < items.count else { return nil }
        defer { position += 1 }
        return items[position]
    }
}

/// Stops another source after `MaxItems` items.
final class LimitedItemSource: ItemSource {
    let base: any ItemSource
    var left: Int

    init(_ base: any ItemSource, limit: Int) {
        self.base = base
        self.left = limit
    }

    func next() throws(MapRunFailure) -> JSON? {
        guard left > 0 else { return nil }
        left -= 1
        return try base.next()
    }
}

/// A JSON Lines object: one item per non-empty line, parsed as it is reached.
final class JSONLinesItemSource: ItemSource {
    let lines: LineReader
    var lineNumber = 0

    init(path: String) throws(MapRunFailure) { lines = try LineReader(path: path) }

    func next() throws(MapRunFailure) -> JSON? {
        while let line = try lines.next() {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            do {
                return try JSON(parsing: Array(line))
            } catch {
                throw MapRunFailure(
                    StatesErrorName.itemReaderFailed, "Line \(lineNumber) of the JSON Lines object is not valid JSON: \(error)")
            }
        }
        return nil
    }
}

enum ItemSources {
    /// The source a map run reads: its inline items, or its `ItemReader`.
    static func open(_ request: MapRunRequest, buckets: Buckets) throws(MapRunFailure) -> any ItemSource {
        guard let reader = request.reader else { return ArrayItemSource(request.items ?? []) }
        let max = reader["ReaderConfig"]?["MaxItems"]?.intValue ?? 0
        guard max >= 0 else {
            throw MapRunFailure(StatesErrorName.itemReaderFailed, "field MaxItems must be positive")
        }
        let source = try openReader(reader, buckets: buckets)
        // AWS reads every item when MaxItems is 0.
        return max > 0 ? LimitedItemSource(source, limit: max) : source
    }

    static func openReader(_ reader: JSON, buckets: Buckets) throws(MapRunFailure) -> any ItemSource {
        let resource = reader["Resource"]?.stringValue ?? ""
        let arguments = reader["Arguments"] ?? .null
        let config = reader["ReaderConfig"] ?? .object(JSONObject())
        guard let bucket = arguments["Bucket"]?.stringValue else {
            throw MapRunFailure(StatesErrorName.itemReaderFailed, "The ItemReader needs a Bucket string")
        }
        let dir: String
        do throws(MapRunFailure) {
            dir = try buckets.directory(bucket)
        } catch {
            throw MapRunFailure(StatesErrorName.itemReaderFailed, error.cause)
        }
        if resource.hasSuffix(":listObjectsV2") {
            return try ObjectListingItemSource(directory: dir, prefix: arguments["Prefix"]?.stringValue ?? "")
        }
        guard let key = arguments["Key"]?.stringValue else {
            throw MapRunFailure(StatesErrorName.itemReaderFailed, "The ItemReader needs a Key string")
        }
        let path: String
        do throws(MapRunFailure) {
            path = try Buckets.path(key, in: dir)
            // A folder is no object: S3 has no object under a key that only prefixes others.
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
                throw MapRunFailure("S3.NoSuchKey", "The specified key does not exist: '\(key)'")
            }
        } catch {
            throw MapRunFailure(StatesErrorName.itemReaderFailed, error.cause)
        }
        switch config["InputType"]?.stringValue {
        case "JSONL": return try JSONLinesItemSource(path: path)
        case "CSV": return try CSVItemSource(path: path, config: config)
        case "JSON", nil: return try jsonFile(path)
        case let other?:
            throw MapRunFailure(
                StatesErrorName.itemReaderFailed, "The InputType '\(other)' is not supported for local objects")
        }
    }

    /// A JSON object must hold an array of items; it is read whole, as AWS reads it.
    static func jsonFile(_ path: String) throws(MapRunFailure) -> any ItemSource {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MapRunFailure(StatesErrorName.itemReaderFailed, "Cannot read the object '\(path)'")
        }
        let value: JSON
        do {
            value = try JSON(parsing: [UInt8](data))
        } catch {
            throw MapRunFailure(StatesErrorName.itemReaderFailed, "The object is not valid JSON: \(error)")
        }
        guard case .array(let items) = value else {
            throw MapRunFailure(
                StatesErrorName.itemReaderFailed, "Attempting to map over non-iterable node.")
        }
        return ArrayItemSource(items)
    }
}
