import Foundation
import StepService
import StepStore

/// A command-line failure: `stepline` prints its message on stderr and exits with code 2.
public struct CLIFailure: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A request the store refused (`ExecutionAlreadyExists`, `StateMachineDoesNotExist`…): exit code 1.
public struct RequestFailure: Error, CustomStringConvertible {
    public var error: StoreError
    public init(_ error: StoreError) { self.error = error }
    public var description: String { error.description }
}

/// Reads a file, or fails with exit code 2 and a clear message.
public func readFile(_ path: String, what: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIFailure("cannot read \(what) '\(path)'")
    }
    return String(decoding: data, as: UTF8.self)
}

/// Runs a store call, turning a storage failure or a refused request into a clear message.
public func storeCall<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        if error.isStorageFailure { throw CLIFailure(error.description) }
        throw RequestFailure(error)
    }
}

/// How every command and the daemon open the database file.
public enum StoreFile {
    /// Opens the store at `path`; a locked, read-only, corrupt or full database is a clear error and exit code 2.
    public static func open(
        _ path: String, synchronous: String = "normal", busyTimeout: Double = 5,
        partition: (region: String, account: String) = ("us-east-1", "111111111111")
    ) throws -> SQLiteExecutionStore {
        do {
            return try SQLiteExecutionStore(
                path: path, synchronous: synchronous.lowercased() == "full" ? .full : .normal,
                busyTimeout: .milliseconds(Int(busyTimeout * 1000)), region: partition.region, account: partition.account)
        } catch {
            throw CLIFailure("cannot open the database '\(path)': \(error.message)")
        }
    }
}
