import StepJSON

/// What happened to each state of one execution, read from its history as GetExecutionHistory returns it:
/// what the console colours a graph by. Events that name no state (`TaskScheduled`, `TaskFailed`, …) belong
/// to the state whose `…StateEntered` event their `previousEventId` chain leads back to.
public struct ExecutionProgress: Sendable {
    /// How a state stands.
    public enum Status: String, Sendable, CaseIterable {
        case notReached = "not-reached"
        case running
        /// A `.waitForTaskToken` task or an activity waiting for its callback or worker.
        case waiting
        /// Failed, and a retrier is trying it again.
        case retried
        /// Failed, and a catcher took the error.
        case caught
        case succeeded
        case failed

        /// A text equivalent of the colour: a symbol and a word.
        public var label: String {
            switch self {
            case .notReached: return "· not reached"
            case .running: return "▶ running"
            case .waiting: return "⏸ waiting for callback"
            case .retried: return "↻ retrying"
            case .caught: return "⚠ caught"
            case .succeeded: return "✓ succeeded"
            case .failed: return "✗ failed"
            }
        }
    }

    /// One state's record.
    public struct StateProgress: Sendable, Equatable {
        public var status: Status
        /// Times a retrier sent it round again.
        public var retries = 0
        /// Times it was entered (Map iterations enter their states once each).
        public var entered = 0
        public var error: String?

        public init(status: Status, retries: Int = 0, entered: Int = 0, error: String? = nil) {
            self.status = status
            self.retries = retries
            self.entered = entered
            self.error = error
        }
    }

    public private(set) var states: [String: StateProgress] = [:]
    /// The path taken: state names in the order they were first entered.
    public private(set) var path: [String] = []

    /// `history`: the events, oldest first.
    public init(history: [JSON]) {
        var owner: [Int: String] = [:]
        for event in history {
            guard let type = event["type"]?.stringValue, let id = event["id"]?.intValue else { continue }
            let previous = event["previousEventId"]?.intValue ?? 0
            if type.hasSuffix("StateEntered") || type.hasSuffix("StateExited") {
                let key = type.hasSuffix("StateEntered") ? "stateEnteredEventDetails" : "stateExitedEventDetails"
                guard let name = event[key]?["name"]?.stringValue else { continue }
                owner[id] = name
                var s = states[name] ?? StateProgress(status: .notReached)
                if type.hasSuffix("StateEntered") {
                    if s.entered == 0 { path.append(name) }
                    s.entered += 1
                    s.status = .running
                } else {
                    s.status = s.status == .failed ? .caught : .succeeded
                }
                states[name] = s
                continue
            }
            if let name = owner[previous] {
                owner[id] = name
                apply(type, event, to: name)
            }
            if type == "ExecutionFailed" || type == "ExecutionTimedOut" || type == "ExecutionAborted" {
                for (name, s) in states where s.status == .running || s.status == .waiting || s.status == .retried {
                    states[name]?.status = .failed
                }
            }
        }
    }

    mutating func apply(_ type: String, _ event: JSON, to name: String) {
        guard var s = states[name] else { return }
        switch type {
        case "TaskScheduled", "ActivityScheduled", "LambdaFunctionScheduled":
            if s.status == .failed {
                s.status = .retried
                s.retries += 1
            }
            if type == "ActivityScheduled" { s.status = .waiting }
        case "TaskSubmitted":
            s.status = .waiting
        case "TaskStarted", "ActivityStarted", "LambdaFunctionStarted":
            if s.status != .waiting || type == "ActivityStarted" { s.status = .running }
        case "TaskSucceeded", "ActivitySucceeded", "LambdaFunctionSucceeded":
            s.status = .running
        default:
            if type.hasSuffix("Failed") || type.hasSuffix("TimedOut") {
                s.status = .failed
                if case .object(let o) = event {
                    for (key, details) in o where key.hasSuffix("EventDetails") {
                        s.error = details["error"]?.stringValue ?? s.error
                    }
                }
            }
        }
        states[name] = s
    }

    /// A state's status (`notReached` for one the history never names).
    public func status(of name: String) -> Status { states[name]?.status ?? .notReached }
}
