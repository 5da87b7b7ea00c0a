import Dispatch
import Synchronization

/// A timer for call deadlines that can be armed again and again and cancelled for good. One per
/// worker (or per call) instead of one `asyncAfter` per call, which would keep every call's closure
/// alive until its deadline long after the call ended.
final class CallTimer: Sendable {
    private let source: Mutex<(any DispatchSourceTimer)?>

    init(_ handler: (@Sendable () -> Void)? = nil) {
        let s = DispatchSource.makeTimerSource(queue: BlockingIO.timers)
        if let handler { s.setEventHandler(handler: handler) }
        s.schedule(deadline: .distantFuture)
        s.resume()
        source = Mutex(s)
    }

    /// Sets what firing does (for owners that exist only after their timer).
    func setHandler(_ handler: @escaping @Sendable () -> Void) {
        source.withLock { $0?.setEventHandler(handler: handler) }
    }

    /// Fires once, `seconds` from now (replacing an earlier arming).
    func arm(_ seconds: Double) {
        source.withLock { $0?.schedule(deadline: .now() + seconds) }
    }

    func disarm() {
        source.withLock { $0?.schedule(deadline: .distantFuture) }
    }

    func cancel() {
        source.withLock { s in
            s?.cancel()
            s = nil
        }
    }
}
