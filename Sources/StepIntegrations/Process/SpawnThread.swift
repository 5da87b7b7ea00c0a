import Dispatch
import Foundation
import Synchronization

/// One thread that lives as long as the process and starts the long-lived worker processes.
///
/// On Linux a worker asks to be killed when its parent goes (`PR_SET_PDEATHSIG`), and "parent" there
/// means the thread that started it: a worker started from a Dispatch thread would be killed as soon as
/// Dispatch retired that idle thread. Starting every worker from this thread keeps them alive until
/// `stepline` itself ends.
final class SpawnThread: Sendable {
    static let shared = SpawnThread()

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let available = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in loop() }
        thread.name = "stepline-spawn"
        thread.start()
    }

    /// Runs `body` on the spawn thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (c: CheckedContinuation<T, Never>) in
            jobs.withLock { $0.append { c.resume(returning: body()) } }
            available.signal()
        }
    }

    private func loop() {
        while true {
            available.wait()
            let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            job?()
        }
    }
}
