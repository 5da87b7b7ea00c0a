/// Exponential back-off between attempts at something that fails for a while (a broker away, a disk
/// full): `first`, then doubling up to `maximum`. One value replaces each hand-written retry loop.
///
///     var backoff = Backoff(first: .milliseconds(100))
///     while true {
///         do { try await attempt(); break } catch { await backoff.wait() }
///     }
public struct Backoff: Sendable {
    public let first: Duration
    public let maximum: Duration
    /// The delay the next `wait` (or `nextDelay`) takes.
    public private(set) var upcoming: Duration

    public init(first: Duration, maximum: Duration = .seconds(5)) {
        self.first = first
        self.maximum = max(first, maximum)
        upcoming = first
    }

    /// The delay before the next attempt; the one after it doubles, up to `maximum`.
    public mutating func nextDelay() -> Duration {
        let delay = upcoming
        upcoming = min(upcoming * 2, maximum)
        return delay
    }

    /// Sleeps the next delay. Returns early, without throwing, when the task is cancelled: the caller's
    /// loop checks `Task.isCancelled`.
    public mutating func wait() async {
        try? await Task.sleep(for: nextDelay())
    }

    /// Starts again from `first` (after a success).
    public mutating func reset() { upcoming = first }
}
