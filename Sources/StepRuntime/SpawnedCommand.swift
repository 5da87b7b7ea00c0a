import Foundation

/// Runs a command to completion with `posix_spawn`: its own stdin, stdout and stderr pipes and no other
/// descriptor of this process (no listening socket, database or broker connection leaks into handler code),
/// in a process group of its own. The input is written while both outputs are read (one `poll` loop), so a
/// command that writes a lot before reading, or chatters on stderr, never deadlocks on a full pipe.
public enum SpawnedCommand {
    /// How the command ended, and what it printed.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: [UInt8]
    }

    /// A command that could not be started, or printed more than it may.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Runs `argv` (the program is looked up on PATH) in `directory`, with `input` on its stdin. Output past
    /// `outputLimit` bytes ends the command (SIGKILL to its group) with a failure.
    public static func run(
        _ argv: [String], input: [UInt8], directory: String? = nil, outputLimit: Int = 64 << 20
    ) throws(Failure) -> Result {
        var fds: [Int32] = []
        var pipes: [(read: Int32, write: Int32)] = []
        for _ in 0..<3 {
            var pair: [Int32] = [0, 0]
            // Close-on-exec at once (the spawn's closefrom covers a child spawned in between, where glibc has it).
            guard pipe(&pair) == 0, fcntl(pair[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(pair[1], F_SETFD, FD_CLOEXEC) == 0 else {
                for fd in fds { close(fd) }
                throw Failure(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
            }
            fds += pair
            pipes.append((pair[0], pair[1]))
        }
        let (stdin, stdout, stderr) = (pipes[0], pipes[1], pipes[2])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin.read, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout.write, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr.write, 2)
        _ = SpawnFileActions.closeFrom(&actions, 3)
        if let directory { _ = SpawnFileActions.changeDirectory(&actions, directory) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        SpawnFileActions.ownProcessGroup(&attributes)
        var pid: pid_t = 0
        let rc = withCStrings(argv) { argvPointers in
            withCStrings(ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }) { envPointers in
                posix_spawnp(&pid, argv.first ?? "/bin/sh", &actions, &attributes, argvPointers, envPointers)
            }
        }
        close(stdin.read)
        close(stdout.write)
        close(stderr.write)
        guard rc == 0 else {
            close(stdin.write)
            close(stdout.read)
            close(stderr.read)
            throw Failure(description: "cannot run '\(argv.joined(separator: " "))': \(String(cString: strerror(rc)))")
        }
        var out: [UInt8] = []
        var err: [UInt8] = []
        var tooLarge = false
        pump(input: input, to: stdin.write, stdout: stdout.read, stderr: stderr.read, limit: outputLimit, &out, &err, &tooLarge)
        if tooLarge { _ = kill(-pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if tooLarge { throw Failure(description: "the command printed more than \(outputLimit) bytes") }
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exit, stdout: out, stderr: err)
    }

    /// Writes the input and reads both outputs until both end; closes the three descriptors.
    static func pump(
        input: [UInt8], to stdin: Int32, stdout: Int32, stderr: Int32, limit: Int, _ out: inout [UInt8],
        _ err: inout [UInt8], _ tooLarge: inout Bool
    ) {
        var inputFD: Int32 = stdin
        var outFD: Int32 = stdout
        var errFD: Int32 = stderr
        for fd in [inputFD, outFD, errFD] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        var written = 0
        if input.isEmpty {
            close(inputFD)
            inputFD = -1
        }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while outFD >= 0 || errFD >= 0 {
            var polled = [
                pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0), pollfd(fd: outFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errFD, events: Int16(POLLIN), revents: 0),
            ]
            if poll(&polled, 3, -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            if inputFD >= 0, polled[0].revents != 0 {
                let n = input.withUnsafeBytes { raw in
                    write(inputFD, raw.baseAddress.map { $0 + written }, input.count - written)
                }
                if n > 0 { written += n }
                if n < 0 && errno != EAGAIN && errno != EINTR || written >= input.count {
                    close(inputFD)
                    inputFD = -1
                }
            }
            for (index, isOut) in [(1, true), (2, false)] where polled[index].revents != 0 {
                let fd = isOut ? outFD : errFD
                let n = read(fd, &buffer, buffer.count)
                if n > 0 {
                    if isOut { out += buffer[0..<n] } else { err += buffer[0..<n] }
                    if out.count > limit {
                        tooLarge = true
                        for f in [inputFD, outFD, errFD] where f >= 0 { close(f) }
                        return
                    }
                    if err.count > 1 << 20 { err.removeFirst(err.count - (1 << 20)) }
                } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(fd)
                    if isOut { outFD = -1 } else { errFD = -1 }
                }
            }
        }
        if inputFD >= 0 { close(inputFD) }
    }

    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for p in pointers { free(p) } }
        return pointers.withUnsafeBufferPointer { buffer in
            // The buffer holds at least the trailing nil, so its base address exists.
            body(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
        }
    }
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+) and `…_addchdir_np` (2.29+), which Swift's Glibc
/// module does not import: looked up once by name. Each answers false where glibc lacks it.
public enum SpawnFileActions {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    // RTLD_DEFAULT is the null handle on glibc: search every loaded object.
    static let closeFromFunction: CloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: CloseFrom.self)
    }
    static let changeDirectoryFunction: ChangeDirectory? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: ChangeDirectory.self)
    }

    /// The child runs in a process group of its own (so a kill reaches what it started), with SIGPIPE back to
    /// its default (this process ignores it) and no signal blocked.
    public static func ownProcessGroup(_ attributes: UnsafeMutablePointer<posix_spawnattr_t>) {
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(attributes, &mask)
        posix_spawnattr_setpgroup(attributes, 0)
        posix_spawnattr_setflags(
            attributes, Int16(Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETPGROUP)))
    }

    /// The child closes every descriptor from `from` on.
    public static func closeFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Bool {
        closeFromFunction.map { $0(actions, from) == 0 } ?? false
    }

    /// The child starts in `directory`.
    public static func changeDirectory(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ directory: String) -> Bool {
        changeDirectoryFunction.map { f in directory.withCString { f(actions, $0) == 0 } } ?? false
    }
}
