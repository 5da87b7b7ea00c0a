import Foundation
import StepEngine
import StepJSON
import StepLanguage

/// Runs a resource as a local command: the task's input as JSON on stdin, its result as JSON on stdout.
/// A non-zero exit, or an answer `{"errorType": …, "errorMessage": …}`, becomes the task's error.
public struct CommandTaskRunner: TaskRunner {
    /// Resource (ARN, or the function name at its end) → command line, run with `/bin/sh -c`.
    public let commands: [String: String]
    public let workingDirectory: String?

    public init(commands: [String: String], workingDirectory: String? = nil) {
        self.commands = commands
        self.workingDirectory = workingDirectory
        // A command that exits without reading its input must not take this process down with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
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
        let input = request.input.serialized()
        let dir = workingDirectory
        return await withCheckedContinuation { (cont: CheckedContinuation<TaskOutcome, Never>) in
            DispatchQueue.global().async {
                cont.resume(returning: Self.runBlocking(command, input: input, directory: dir))
            }
        }
    }

    static func runBlocking(_ command: String, input: String, directory: String?) -> TaskOutcome {
        let result: SpawnedCommand.Result
        do {
            result = try SpawnedCommand.run(["/bin/sh", "-c", command], input: Array(input.utf8), directory: directory)
        } catch {
            return .failure(error: StatesErrorName.taskFailed, cause: "Cannot run '\(command)': \(error)")
        }
        let out = result.stdout
        let err = result.stderr
        let text = String(decoding: out, as: UTF8.self)
        if result.status != 0 {
            let message = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(
                error: StatesErrorName.taskFailed,
                cause: message.isEmpty ? "The command exited with status \(result.status)" : message)
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
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
