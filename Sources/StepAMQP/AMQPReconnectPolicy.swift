/// How an ``AMQPClient`` retries: exponential back-off between connection attempts, and how long a
/// publish may wait for a connection before it fails.
public struct AMQPReconnectPolicy: Sendable, Equatable {
    /// The wait before the first retry after a connection is lost or an attempt fails.
    public var initialDelay: Duration
    /// The longest wait between attempts.
    public var maxDelay: Duration
    /// Each failed attempt multiplies the wait by this (≥ 1).
    public var multiplier: Double
    /// Each wait is spread at random by ± this fraction (0 ... 1), so that many clients do not retry in step.
    public var jitter: Double
    /// A publish that finds no connection waits this long for one, then fails with the last connection error.
    public var publishWait: Duration

    /// Makes a policy: by default 100 ms doubling up to 10 s, ±20 %, publishes wait 30 s for a connection.
    public init(
        initialDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(10), multiplier: Double = 2,
        jitter: Double = 0.2, publishWait: Duration = .seconds(30)
    ) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.multiplier = max(1, multiplier)
        self.jitter = min(max(0, jitter), 1)
        self.publishWait = publishWait
    }

    /// The wait after `delay`, grown and capped.
    func next(after delay: Duration) -> Duration {
        min(delay * multiplier, maxDelay)
    }

    /// `delay` spread by the jitter.
    func jittered(_ delay: Duration) -> Duration {
        guard jitter > 0 else { return delay }
        return delay * Double.random(in: (1 - jitter)...(1 + jitter))
    }
}
