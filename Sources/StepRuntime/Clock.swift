import Foundation
import StepLanguage

/// The wall clock, as the runner hands time to the engine.
public enum WallClock {
    public static func now() -> Timestamp {
        let t = Date().timeIntervalSince1970
        let s = Int(t.rounded(.down))
        return Timestamp(seconds: s, nanoseconds: Int((t - Double(s)) * 1e9))
    }
}
