import Foundation
import StepStore

/// A fresh SQLite database file in a temporary directory of its own, removed with this object.
public final class TemporaryDatabase {
    public let directory: String
    public var path: String { directory + "/stepline.db" }

    public init() {
        directory = NSTemporaryDirectory() + "stepline-test-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// The store over the file (created and migrated on first open).
    public func open() throws -> SQLiteExecutionStore { try SQLiteExecutionStore(path: path) }
}
