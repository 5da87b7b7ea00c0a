import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime

/// Runs a resource as a local command: the task's input as JSON on stdin, its result as JSON on stdout.
/// A non-zero exit (stderr is the cause), or an answer `{"errorType": …, "errorMessage": …}`, becomes the
/// task's error. The command runs through `SpawnedCommand`: input and outputs move concurrently, stdout is
/// bounded, and cancelling the task kills the command.
public struct CommandTaskRunner: TaskRunner {
    /// Resource (ARN, or the function name at its end) → command line, run with `/bin/sh -c`.
    public let commands: [String: String]
    /// Where the commands start; this process's directory when nil.
    public let workingDirectory: String?

    /// Runs `commands` in `workingDirectory`.
    public init(commands: [String: String], workingDirectory: String? = nil) {
        self.commands = commands
        self.workingDirectory = workingDirectory
    }

    func command(for resource: String) -> String? {
        if let c = commands[resource] { return c }
        if let last = resource.split(separator: ":").last, let c = commands[String(last)] { return c }
        return nil
    }

    public func run(_ request: TaskRequest) async -> TaskOutcome {
        guard let command = command(for: request.resource) else {
            return .failure(error: StatesErrorName.taskFailed, cause: "No command is configured for '\(request.resource)'")
        }
        let input = Array(request.input.serialized().utf8)
        let result: SpawnedCommand.Result
        do {
            result = try await SpawnedCommand.run(["/bin/sh", "-c", command], input: input, directory: workingDirectory)
        } catch {
            return .failure(error: StatesErrorName.taskFailed, cause: "Cannot run '\(command)': \(error)")
        }
        return Self.outcome(of: result)
    }

    /// What a finished command's status and output mean for its task.
    static func outcome(of result: SpawnedCommand.Result) -> TaskOutcome {
        if result.status != 0 {
            let message = String(decoding: result.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(
                error: StatesErrorName.taskFailed,
                cause: message.isEmpty ? "The command exited with status \(result.status)" : message)
        }
        let trimmed = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .success(.null) }
        guard let value = try? JSON(parsing: trimmed) else {
            return .failure(error: StatesErrorName.taskFailed, cause: "The command's output is not JSON: \(trimmed.prefix(200))")
        }
        if case .object(let o) = value, let type = o["errorType"]?.stringValue, o["errorMessage"] != nil {
            return .failure(error: type, cause: value.serialized())
        }
        return .success(value)
    }
}
