import ArgumentParser
import Foundation
import StepAMQPBroker
import StepJSON
import StepServe

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
