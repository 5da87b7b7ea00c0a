#if canImport(System)
    import System
#else
    import SystemPackage
#endif
import Subprocess

/// Runs a command to completion through swift-subprocess: its own stdin, stdout and stderr pipes and no
/// other descriptor of this process (no listening socket, database or broker connection leaks into handler
/// code), in a process group of its own. The input is written while both outputs are read, each in a task
/// of its own, so a command that writes a lot before reading, or chatters on stderr, never deadlocks on a
/// full pipe. Cancelling the calling task kills the command's whole process group.
public enum SpawnedCommand {
    /// How the command ended, and what it printed.
    public struct Result: Sendable {
        /// The exit status, or 128 plus the signal that ended the command.
        public var status: Int32
        public var stdout: [UInt8]
        /// The last `errorLimit` bytes of stderr.
        public var stderr: [UInt8]
    }

    /// A command that could not be started, printed more than it may, or was stopped by cancellation.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// How much of stdout a command may print before it is killed and its run fails.
    public static let defaultOutputLimit = 64 << 20
    /// How much of stderr is kept: its last bytes (a log may be any size, and is never a failure).
    public static let errorLimit = 1 << 20

    /// Runs `argv` (a program without a slash is looked up on PATH) in `directory`, with `input` on its
    /// stdin. Output past `outputLimit` bytes ends the command (SIGKILL to its group) with a failure.
    public static func run(
        _ argv: [String], input: [UInt8], directory: String? = nil, outputLimit: Int = defaultOutputLimit
    ) async throws(Failure) -> Result {
        guard let program = argv.first, !program.isEmpty else { throw Failure(description: "no program to run") }
        // A command that exits without reading its input must not take this process down with SIGPIPE.
        ignoreSIGPIPE()
        var options = PlatformOptions()
        // A group of its own (process group id = its pid), so a kill reaches whatever it started too.
        options.processGroupID = 0
        options.teardownSequence = [.send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .seconds(1))]
        let configuration = Configuration(
            executable: program.contains("/") ? .path(FilePath(program)) : .name(program),
            arguments: Arguments(Array(argv.dropFirst())), environment: .inherit,
            workingDirectory: directory.map { FilePath($0) }, platformOptions: options)
        let collected: Collected
        let termination: TerminationStatus
        do {
            let outcome = try await Subprocess.run(configuration, input: .inputWriter, output: .sequence, error: .sequence) {
                execution in
                try await collect(execution, input: input, outputLimit: outputLimit)
            }
            collected = outcome.closureResult
            termination = outcome.terminationStatus
        } catch {
            throw Failure(description: "cannot run '\(argv.joined(separator: " "))': \(error)")
        }
        if collected.tooLarge { throw Failure(description: "the command printed more than \(outputLimit) bytes") }
        if Task.isCancelled { throw Failure(description: "the command was killed: its task was cancelled") }
        let status: Int32
        switch termination {
        case .exited(let code): status = code
        case .signaled(let signal): status = 128 + signal
        }
        return Result(status: status, stdout: collected.stdout, stderr: collected.stderr)
    }

    struct Collected: Sendable {
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var tooLarge = false
    }

    private enum Piece: Sendable {
        case written
        case stdout([UInt8], tooLarge: Bool)
        case stderr([UInt8])
    }

    /// Writes the input and reads both outputs, concurrently, until all three are done.
    private static func collect(
        _ execution: Execution<CustomWriteInput, SequenceOutput, SequenceOutput>, input: [UInt8], outputLimit: Int
    ) async throws -> Collected {
        try await withThrowingTaskGroup(of: Piece.self) { group in
            group.addTask {
                // A command that exits without reading all its input ends the write (EPIPE, or its exit):
                // that is its business, not a failure of ours.
                if !input.isEmpty { _ = try? await execution.standardInputWriter.write(input) }
                try? await execution.standardInputWriter.finish()
                return .written
            }
            group.addTask {
                var out: [UInt8] = []
                for try await chunk in execution.standardOutput {
                    chunk.withUnsafeBytes { out.append(contentsOf: $0) }
                    if out.count > outputLimit {
                        try? execution.send(signal: .kill, toProcessGroup: true)
                        return .stdout([], tooLarge: true)
                    }
                }
                return .stdout(out, tooLarge: false)
            }
            group.addTask {
                var err: [UInt8] = []
                for try await chunk in execution.standardError {
                    chunk.withUnsafeBytes { err.append(contentsOf: $0) }
                    // Trimmed in steps, not on every chunk, so a chatty command costs linear time.
                    if err.count > 2 * errorLimit { err.removeFirst(err.count - errorLimit) }
                }
                if err.count > errorLimit { err.removeFirst(err.count - errorLimit) }
                return .stderr(err)
            }
            var collected = Collected()
            for try await piece in group {
                switch piece {
                case .written: break
                case .stdout(let bytes, let tooLarge):
                    collected.stdout = bytes
                    collected.tooLarge = tooLarge
                case .stderr(let bytes): collected.stderr = bytes
                }
            }
            return collected
        }
    }
}
