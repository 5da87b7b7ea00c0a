/// A state machine's (and so its executions') type, as AWS names it: `STANDARD` (durable, exactly once,
/// up to a year) or `EXPRESS` (up to five minutes, at least once, history kept only in logs).
public enum StateMachineType: String, Sendable, Codable, CaseIterable {
    case standard = "STANDARD"
    case express = "EXPRESS"

    public var isExpress: Bool { self == .express }
}
