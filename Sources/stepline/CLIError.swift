import ArgumentParser
import Foundation
import StepAMQPBroker
import StepJSON

/// Reads a file, or fails with exit code 2 and a clear message.
func readFile(_ path: String, what: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIFailure("cannot read \(what) '\(path)'")
    }
    return String(decoding: data, as: UTF8.self)
}

/// A command-line failure that exits with code 2 after printing its message on stderr.
struct CLIFailure: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

/// Runs a command body, turning a `CLIFailure` into exit code 2.
func withUsageErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let e as CLIFailure {
        printError("stepline: \(e.message)")
        throw ExitCode(2)
    } catch let e as AMQPBrokerURLError {
        printError("stepline: \(e.description)")
        throw ExitCode(2)
    }
}
