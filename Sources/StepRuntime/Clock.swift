import Foundation
import StepLanguage

/// The wall clock, as the runner hands time to the engine.
public enum WallClock {
    public static func now() -> Timestamp {
        let t = Date().timeIntervalSince1970
        let s = Int(t.rounded(.down))
        return Timestamp(seconds: s, nanoseconds: Int((t - Double(s)) * 1e9))
    }

    /// How long from now until `due` (zero once it has passed).
    public static func until(_ due: Timestamp) -> Duration {
        let now = now()
        let nanos = (due.seconds - now.seconds) * 1_000_000_000 + (due.nanoseconds - now.nanoseconds)
        return nanos > 0 ? .nanoseconds(nanos) : .zero
    }

    /// Sleeps until `due`; `false` when cancelled first.
    public static func sleep(until due: Timestamp) async -> Bool {
        let wait = until(due)
        guard wait > .zero else { return !Task.isCancelled }
        do {
            try await Task.sleep(for: wait)
            return true
        } catch {
            return false
        }
    }
}

/// The time a service runs by: when a step happens, and sleeping until a timer is due. The wall clock in
/// production (`WallServiceClock`); a clock a test moves by hand (StepTesting's `ManualClock`).
public protocol ServiceClock: Sendable {
    func now() -> Timestamp
    /// Sleeps until `due`; `false` when cancelled first.
    func sleep(until due: Timestamp) async -> Bool
}

/// The wall clock as a `ServiceClock`.
public struct WallServiceClock: ServiceClock {
    public init() {}
    public func now() -> Timestamp { WallClock.now() }
    public func sleep(until due: Timestamp) async -> Bool { await WallClock.sleep(until: due) }
}
