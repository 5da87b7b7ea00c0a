import Foundation
import StepJSON
import Synchronization

/// How to start a Python worker for one function.
struct PythonLaunch: Sendable {
    var interpreter: String
    var file: String
    var module: String
    var entry: String
    var codeDirectory: String
    /// The worker's whole environment.
    var environment: [String: String]

    var arguments: [String] { [interpreter, "-c", PythonRuntimeScript.source, file, module, entry, codeDirectory] }
}

/// What a worker said to one request.
enum WorkerReply: Sendable {
    /// One protocol line.
    case answer([UInt8])
    /// The process ended before answering; `reason` says whether it was stopped on purpose.
    case exited(ProcessExit, StopReason?)
}

/// Why a worker was stopped.
enum StopReason: Sendable, Equatable {
    case timedOut
    case cancelled
    case shutdown
}

/// One running Python runtime process. It serves one call at a time; a dedicated thread reads its
/// answers and reaps it when it ends.
final class PythonWorker: Sendable {
    let process: ChildProcess
    private let state = Mutex(State())
    /// The write end of the worker's stdin, nil once closed. Its own lock, held while writing, so a
    /// closed descriptor number is never written to after it is reused, and `stop` never waits on a write.
    private let input: Mutex<Int32?>

    private struct State {
        var pending: CheckedContinuation<WorkerReply, Never>?
        var exit: ProcessExit?
        var stopReason: StopReason?
        /// Set once the process has ended and is about to be reaped: no more signals to its pid.
        var reaping = false
        /// When the call under way must end (`DispatchTime` nanoseconds).
        var deadline: UInt64?
        /// The runtime has imported the handler and said so.
        var ready = false
        var readyWaiter: CheckedContinuation<Bool, Never>?
    }

    /// Kills the call under way when its deadline passes.
    private let timer = CallTimer()

    private init(process: ChildProcess) {
        self.process = process
        self.input = Mutex(process.input)
    }

    private func deadlinePassed() {
        state.withLock { s in
            // A late firing for an earlier call finds a later deadline (or none) and does nothing.
            guard !s.reaping, s.pending != nil, let d = s.deadline, DispatchTime.now().uptimeNanoseconds >= d
            else { return }
            if s.stopReason == nil { s.stopReason = .timedOut }
            process.kill()
        }
    }

    /// Starts a worker from async code: on the one spawning thread, so that no child inherits a
    /// descriptor meant for another.
    static func spawn(_ launch: PythonLaunch) async throws(SpawnError) -> PythonWorker {
        let started = await SpawnThread.shared.run { () -> Result<PythonWorker, SpawnError> in
            do throws(SpawnError) {
                return .success(try PythonWorker.start(launch))
            } catch {
                return .failure(error)
            }
        }
        return try started.get()
    }

    /// Starts a worker (blocking: call it from `BlockingIO`).
    static func start(_ launch: PythonLaunch) throws(SpawnError) -> PythonWorker {
        let worker = PythonWorker(process: try ChildProcess.spawn(launch.arguments, environment: launch.environment))
        worker.timer.setHandler { [weak worker] in worker?.deadlinePassed() }
        let reader = Thread { worker.readLoop() }
        reader.name = "stepline-python-\(worker.process.pid)"
        reader.start()
        return worker
    }

    var pid: Int32 { process.pid }

    /// Waits until the runtime has imported the handler (Lambda's init phase, which a call's timeout
    /// does not count); false, with the worker killed, if it ends or `timeout` passes first.
    func waitUntilReady(timeout: Double) async -> Bool {
        if state.withLock({ $0.ready }) { return true }
        return await withTaskCancellationHandler {
            await readiness(timeout: timeout)
        } onCancel: {
            terminate()
        }
    }

    private func readiness(timeout: Double) async -> Bool {
        let ready = await withCheckedContinuation { (cont: CheckedContinuation<Bool, Never>) in
            let now: Bool? = state.withLock { s in
                if s.ready { return true }
                if s.exit != nil { return false }
                s.readyWaiter = cont
                return nil
            }
            if let now {
                cont.resume(returning: now)
                return
            }
            BlockingIO.after(timeout) { [weak self] in self?.initTimedOut() }
        }
        return ready
    }

    private func initTimedOut() {
        let waiter = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            guard let w = s.readyWaiter else { return nil }
            s.readyWaiter = nil
            if !s.reaping {
                if s.stopReason == nil { s.stopReason = .timedOut }
                process.kill()
            }
            return w
        }
        waiter?.resume(returning: false)
    }

    var isAlive: Bool { state.withLock { $0.exit == nil && $0.stopReason == nil } }

    /// Sends one request line and waits for the answer. The process is killed when `timeout` passes or
    /// the calling task is cancelled; the reply then says so.
    func call(_ line: [UInt8], timeout: Double) async -> WorkerReply {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (cont: CheckedContinuation<WorkerReply, Never>) in
                let early: WorkerReply? = state.withLock { s in
                    if let exit = s.exit { return .exited(exit, s.stopReason) }
                    s.pending = cont
                    s.deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeout) * 1e9)
                    return nil
                }
                if let early {
                    cont.resume(returning: early)
                    return
                }
                if Task.isCancelled { stop(.cancelled) }
                var message = line
                message.append(10)
                // The worker has read every earlier request before answering it, so its pipe is empty: a
                // request of at most PIPE_BUF bytes goes in at once without blocking; a longer one is
                // written from a thread of its own.
                if message.count <= Int(PIPE_BUF) {
                    write(message)
                } else {
                    BlockingIO.start { [message] in self.write(message) }
                }
                timer.arm(timeout)
            }
        } onCancel: {
            stop(.cancelled)
        }
    }

    /// Waits for a worker that is ending (killed, or failed during init) to be reaped.
    func ended() async -> WorkerReply {
        await withCheckedContinuation { (cont: CheckedContinuation<WorkerReply, Never>) in
            let exit: WorkerReply? = state.withLock { s in
                if let exit = s.exit { return .exited(exit, s.stopReason) }
                s.pending = cont
                return nil
            }
            if let exit { cont.resume(returning: exit) }
        }
    }

    /// Kills the worker if a call is under way.
    func stop(_ reason: StopReason) {
        state.withLock { s in
            guard !s.reaping, s.pending != nil else { return }
            if s.stopReason == nil { s.stopReason = reason }
            process.kill()
        }
    }

    /// Ends the worker whether or not it is busy.
    func terminate() {
        state.withLock { s in
            guard !s.reaping else { return }
            if s.stopReason == nil { s.stopReason = .shutdown }
            process.kill()
        }
    }

    /// Lets an idle worker end on its own: closes its stdin, and it exits at end of file.
    func retire() {
        state.withLock { s in if s.stopReason == nil { s.stopReason = .shutdown } }
        closeInput()
    }

    private func write(_ message: [UInt8]) {
        input.withLock { fd in
            if let fd { FileDescriptorIO.writeAll(fd, message) }
        }
    }

    private func closeInput() {
        input.withLock { fd in
            if let open = fd { close(open) }
            fd = nil
        }
    }

    private func readLoop() {
        var reader = LineReader(fd: process.output)
        // The first line is the runtime's `{"ready": true}`, the rest are answers.
        if reader.next() != nil {
            let waiter = state.withLock { s -> CheckedContinuation<Bool, Never>? in
                s.ready = true
                let w = s.readyWaiter
                s.readyWaiter = nil
                return w
            }
            waiter?.resume(returning: true)
            while let line = reader.next() {
                let cont = state.withLock { s -> CheckedContinuation<WorkerReply, Never>? in
                    let c = s.pending
                    s.pending = nil
                    s.deadline = nil
                    return c
                }
                cont?.resume(returning: .answer(line))
            }
        }
        close(process.output)
        timer.cancel()
        process.awaitExit()
        state.withLock { $0.reaping = true }
        let exit = process.wait()
        let (cont, reason, waiter) = state.withLock {
            s -> (CheckedContinuation<WorkerReply, Never>?, StopReason?, CheckedContinuation<Bool, Never>?) in
            s.exit = exit
            let c = s.pending
            s.pending = nil
            let w = s.readyWaiter
            s.readyWaiter = nil
            return (c, s.stopReason, w)
        }
        closeInput()
        waiter?.resume(returning: false)
        cont?.resume(returning: .exited(exit, reason))
    }
}
