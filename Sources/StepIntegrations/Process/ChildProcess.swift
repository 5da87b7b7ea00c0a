#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import CSystemShims
import StepRuntime

/// A process started with `posix_spawn`, with pipes on its stdin and stdout and its stderr inherited.
///
/// It runs in its own process group, so `kill` reaches whatever it started too. SIGPIPE is reset to its
/// default in the child (this process ignores it) and no signal is blocked.
struct ChildProcess: Sendable {
    let pid: pid_t
    /// Our end of the child's stdin.
    let input: Int32
    /// Our end of the child's stdout.
    let output: Int32

    /// Starts `arguments[0]` (looked up in `PATH`) with `environment` as its whole environment.
    static func spawn(_ arguments: [String], environment: [String: String]) throws(SpawnError) -> ChildProcess {
        guard let program = arguments.first else { throw SpawnError(program: "", code: EINVAL) }
        ignoreSIGPIPE()
        let stdinPipe = try pipePair(program)
        let stdoutPipe: (read: Int32, write: Int32)
        do {
            stdoutPipe = try pipePair(program)
        } catch {
            close(stdinPipe.read)
            close(stdinPipe.write)
            throw error
        }

        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
            var attributes: posix_spawnattr_t? = nil
        #else
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe.read, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe.write, 1)
        #if os(Linux)
            // The child gets stdin, stdout and stderr and nothing else: no listening socket, database or broker
            // connection of this process leaks into handler code (glibc 2.34+).
            _ = SpawnFileActions.closeFrom(&actions, 3)
        #endif
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        SpawnFileActions.ownProcessGroup(&attributes)

        let argv = CStringArray(arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" })
        defer {
            argv.release()
            envp.release()
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, program, &actions, &attributes, argv.pointers, envp.pointers)
        close(stdinPipe.read)
        close(stdoutPipe.write)
        guard rc == 0 else {
            close(stdinPipe.write)
            close(stdoutPipe.read)
            throw SpawnError(program: program, code: rc)
        }
        return ChildProcess(pid: pid, input: stdinPipe.write, output: stdoutPipe.read)
    }

    /// Sends `signal` to the child's process group.
    func kill(_ signal: Int32 = SIGKILL) {
        _ = sendSignal(-pid, signal)
    }

    /// Waits for the child to end without reaping it (blocking), so its pid cannot be reused while the
    /// caller still may signal it; `wait()` then reaps it.
    func awaitExit() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 {
            if errno != EINTR { return }
        }
    }

    /// Waits for the child to end (blocking), reaps it and reports how.
    func wait() -> ProcessExit {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(-1) }
        }
        if status & 0x7f == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(status & 0x7f)
    }

    private static func pipePair(_ program: String) throws(SpawnError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard stepline_pipe_cloexec(&fds) == 0 else { throw SpawnError(program: program, code: errno) }
        return (fds[0], fds[1])
    }
}

/// `kill(2)`, under a name that does not clash with `ChildProcess.kill`.
private func sendSignal(_ pid: pid_t, _ signal: Int32) -> Int32 {
    kill(pid, signal)
}

/// A writer to a child that has gone must get EPIPE, not take this process down.
func ignoreSIGPIPE() {
    _ = signalIgnoredOnce
}

private let signalIgnoredOnce: Void = {
    signal(SIGPIPE, SIG_IGN)
}()

/// How a child process ended.
enum ProcessExit: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    /// In the words of Lambda's own runtime messages (`exit status 1`, `signal: killed`).
    var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signaled(let s):
            switch s {
            case SIGKILL: return "signal: killed"
            case SIGTERM: return "signal: terminated"
            case SIGSEGV: return "signal: segmentation fault"
            case SIGABRT: return "signal: aborted"
            case SIGINT: return "signal: interrupt"
            case SIGBUS: return "signal: bus error"
            default: return "signal: \(s)"
            }
        }
    }
}

/// A process could not be started.
struct SpawnError: Error, Sendable, CustomStringConvertible {
    var program: String
    var code: Int32

    var description: String { "cannot start '\(program)': \(String(cString: strerror(code)))" }
}

/// NUL-terminated C strings for `posix_spawn`, freed by the owner.
private struct CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: strings.count + 1)
        for (i, s) in strings.enumerated() { pointers[i] = strdup(s) }
        pointers[strings.count] = nil
    }

    func release() {
        for i in 0..<count { free(pointers[i]) }
        pointers.deallocate()
    }
}
