import StepJSON

/// A parsed, validated and compiled state machine definition: the program the engine runs.
///
/// States are addressed by index (`StateAddress`) rather than by name, so the interpreter
/// never hashes a state name on the hot path.
public final class StateMachine: Sendable {
    /// The definition exactly as given.
    public let definition: JSON
    public let comment: String?
    public let queryLanguage: QueryLanguage
    public let timeoutSeconds: Int?
    /// Every state list in the definition: index 0 is the top level, the others are Parallel branches and Map processors.
    public let processors: [Processor]

    init(definition: JSON, comment: String?, queryLanguage: QueryLanguage, timeoutSeconds: Int?, processors: [Processor]) {
        self.definition = definition
        self.comment = comment
        self.queryLanguage = queryLanguage
        self.timeoutSeconds = timeoutSeconds
        self.processors = processors
    }

    public var root: Processor { processors[0] }

    public subscript(address: StateAddress) -> State { processors[address.processor].states[address.state] }
}

/// Where a state lives: its processor (state list) and its position in it.
public struct StateAddress: Sendable, Hashable, Codable {
    public var processor: Int
    public var state: Int
    public init(processor: Int, state: Int) {
        self.processor = processor
        self.state = state
    }
}

/// One list of states with its `StartAt`: the top level, a Parallel branch or a Map item processor.
public final class Processor: Sendable {
    public let index: Int
    public let startAt: Int
    public let states: [State]
    public let names: [String: Int]
    public let comment: String?

    init(index: Int, startAt: Int, states: [State], names: [String: Int], comment: String?) {
        self.index = index
        self.startAt = startAt
        self.states = states
        self.names = names
        self.comment = comment
    }
}
