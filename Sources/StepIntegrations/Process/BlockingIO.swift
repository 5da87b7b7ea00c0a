import Dispatch
import Foundation

/// Runs blocking work (process starts, pipe reads and writes, waits for a child to end) on threads of
/// its own, away from Swift's cooperative pool, and hands the result back to async code.
///
/// Each piece of work gets a thread of its own rather than a Dispatch queue: a concurrent queue is as
/// wide as the machine has cores, so two commands waiting for their children on a 2-core machine held
/// every thread it had, and the timers that should have killed them (and every other call's start)
/// waited behind them. Timers fire on `timers`, a serial queue that never runs blocking work.
enum BlockingIO {
    /// Where deadlines fire: their handlers only signal a process or resume a continuation.
    static let timers = DispatchQueue(label: "stepline.integrations.timers")

    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (c: CheckedContinuation<T, Never>) in
            start { c.resume(returning: body()) }
        }
    }

    static func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await run { () -> Result<T, E> in
            do throws(E) {
                return .success(try body())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Starts `body` on a thread of its own without waiting for it.
    static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = "stepline-blocking-io"
        thread.stackSize = 512 * 1024
        thread.start()
    }

    /// Runs `body` (which must not block) after `seconds`.
    static func after(_ seconds: Double, _ body: @escaping @Sendable () -> Void) {
        timers.asyncAfter(deadline: .now() + seconds, execute: body)
    }
}
