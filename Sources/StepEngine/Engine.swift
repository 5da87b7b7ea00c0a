import StepJSON
import StepLanguage

/// The deterministic heart of Stepline: given an execution's state and one event, it returns the
/// history events to record and the commands to carry out, and updates the state.
///
/// It does no I/O and reads no clock; time and random seeds come in with each event, so the same
/// inputs always give the same outputs. The embedded runner and the durable service both drive it.
public struct Engine: Sendable {
    public let machine: StateMachine
    /// AWS's limit on history events per execution (25,000 for Standard workflows); `nil` for none.
    public let historyLimit: Int?
    /// The longest an execution may run, whatever its `TimeoutSeconds` (AWS's 5 minutes for Express workflows);
    /// past it the execution times out as with `TimeoutSeconds`. `nil` for none.
    public let maximumSeconds: Int?

    public init(machine: StateMachine, historyLimit: Int? = nil, maximumSeconds: Int? = nil) {
        self.machine = machine
        self.historyLimit = historyLimit
        self.maximumSeconds = maximumSeconds
    }

    /// AWS's limit on the duration of an Express execution.
    public static let expressMaximumSeconds = 300

    /// AWS's history limit for Standard executions.
    public static let standardHistoryLimit = 25_000

    /// Creates the state of a new execution and handles its start.
    public func start(_ info: ExecutionInfo, seed: UInt64) -> (ExecutionState, EngineOutput) {
        var state = ExecutionState(info: info)
        let out = handle(EngineInput(.start, time: info.startTime, seed: seed), state: &state)
        return (state, out)
    }

    /// Applies one event to an execution.
    public func handle(_ input: EngineInput, state: inout ExecutionState) -> EngineOutput {
        var interpreter = Interpreter(machine: machine, state: state, now: input.time, seed: input.seed)
        interpreter.historyLimit = historyLimit
        interpreter.maximumSeconds = maximumSeconds
        interpreter.handle(input.event)
        state = interpreter.state
        return EngineOutput(events: interpreter.events, commands: interpreter.commands)
    }
}

/// What one event produced: history events to record and commands to carry out, in order.
public struct EngineOutput: Sendable {
    public var events: [HistoryEvent]
    public var commands: [EngineCommand]
}
