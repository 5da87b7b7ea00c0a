internal import CRabbitMQ
import Synchronization

/// The mailbox between an ``AMQPClient``'s callers (any thread, any task) and its I/O thread: a locked queue
/// of commands plus a pipe whose read end the I/O thread polls next to the broker's socket, so that a new
/// command wakes it at once.
final class ClientInbox: Sendable {
    private struct State {
        var commands: [ClientCommand] = []
        var signaled = false
        var closed = false
        /// The current connection generation, and the subscriptions with a channel on it: a delivery can be
        /// settled only while both still match (checked here, so that settling need not wait for the thread).
        var generation = 0
        var live: Set<Int> = []
    }

    /// What became of a settle request.
    enum SettleOutcome {
        case queued
        case stale
        case closed
    }

    private let state = Mutex(State())
    /// The pipe's read end (polled and drained by the I/O thread) and write end; -1 when the pipe failed
    /// (the thread then polls with a short timeout instead).
    let wakeRead: Int32
    private let wakeWrite: Int32
    /// The connection generation (0 before the first connection), for callers to read.
    let generation = Atomic<Int>(0)
    /// Whether the I/O thread has a connection now.
    let connected = Atomic<Bool>(false)

    init() {
        var fds: [Int32] = [-1, -1]
        if crabbitmq_pipe(&fds) != 0 { fds = [-1, -1] }
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        crabbitmq_close_fd(wakeRead)
        crabbitmq_close_fd(wakeWrite)
    }

    /// Queues a command and wakes the thread; `false` when the client is closed (the command was not queued).
    func send(_ command: ClientCommand) -> Bool {
        let (accepted, wake) = state.withLock { s -> (Bool, Bool) in
            guard !s.closed else { return (false, false) }
            s.commands.append(command)
            let wake = !s.signaled
            s.signaled = true
            return (true, wake)
        }
        if wake && wakeWrite >= 0 { crabbitmq_pipe_signal(wakeWrite) }
        return accepted
    }

    /// Queues a settle command if the delivery's connection and subscription are still current.
    func settle(_ delivery: AMQPDelivery, _ how: ClientCommand.Settlement) -> SettleOutcome {
        let (outcome, wake) = state.withLock { s -> (SettleOutcome, Bool) in
            guard !s.closed else { return (.closed, false) }
            guard delivery.generation == s.generation, s.live.contains(delivery.consumerID) else { return (.stale, false) }
            s.commands.append(.settle(delivery, how))
            let wake = !s.signaled
            s.signaled = true
            return (.queued, wake)
        }
        if wake && wakeWrite >= 0 { crabbitmq_pipe_signal(wakeWrite) }
        return outcome
    }

    /// A new connection is up (I/O thread): no subscription is live on it yet.
    func connectionStarted(generation: Int) {
        state.withLock { s in
            s.generation = generation
            s.live.removeAll()
        }
        self.generation.store(generation, ordering: .releasing)
        connected.store(true, ordering: .releasing)
    }

    /// The connection is gone (I/O thread): no delivery can be settled any more.
    func connectionEnded() {
        state.withLock { $0.live.removeAll() }
        connected.store(false, ordering: .releasing)
    }

    /// A subscription has a channel on the current connection (I/O thread).
    func subscriptionStarted(_ id: Int) {
        state.withLock { _ = $0.live.insert(id) }
    }

    /// A subscription has lost its channel (I/O thread).
    func subscriptionEnded(_ id: Int) {
        state.withLock { _ = $0.live.remove(id) }
    }

    /// Takes every queued command (I/O thread).
    func take() -> [ClientCommand] {
        state.withLock { s in
            s.signaled = false
            guard !s.commands.isEmpty else { return [] }
            defer { s.commands.removeAll(keepingCapacity: true) }
            return s.commands
        }
    }

    /// Whether commands are waiting.
    var hasCommands: Bool { state.withLock { !$0.commands.isEmpty } }

    /// Empties the pipe after a wake-up (I/O thread).
    func drainWakeups() {
        if wakeRead >= 0 { crabbitmq_pipe_drain(wakeRead) }
    }

    /// Refuses further commands and returns the ones still queued (I/O thread, on shutdown).
    func close() -> [ClientCommand] {
        connected.store(false, ordering: .releasing)
        return state.withLock { s in
            s.closed = true
            s.live.removeAll()
            defer { s.commands.removeAll() }
            return s.commands
        }
    }

    /// Whether the client is closed.
    var isClosed: Bool { state.withLock { $0.closed } }
}
