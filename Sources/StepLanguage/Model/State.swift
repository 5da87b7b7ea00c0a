import StepJSON

/// One state of a definition, with the fields every state type shares and its type-specific part.
public final class State: Sendable {
    public let name: String
    public let kind: StateKind
    public let comment: String?
    /// The position of the next state in the same processor, or `nil` at an end.
    public let next: Int?
    public let queryLanguage: QueryLanguage

    // JSONPath data flow.
    public let inputPath: OptionalPath?
    public let outputPath: OptionalPath?
    public let resultPath: OptionalPath?
    public let parameters: Template?
    public let resultSelector: Template?

    // JSONata data flow.
    public let arguments: Template?
    public let output: Template?

    public let assign: Template?
    public let retry: [Retrier]
    public let catchers: [Catcher]
    /// `PassStateEntered`, `TaskStateEntered`, …: made once, not per transition.
    public let enteredEventType: HistoryEventType
    /// `nil` for a Fail state, which ends without an exited event.
    public let exitedEventType: HistoryEventType?

    init(
        name: String, kind: StateKind, comment: String?, next: Int?, queryLanguage: QueryLanguage,
        inputPath: OptionalPath?, outputPath: OptionalPath?, resultPath: OptionalPath?, parameters: Template?,
        resultSelector: Template?, arguments: Template?, output: Template?, assign: Template?, retry: [Retrier],
        catchers: [Catcher]
    ) {
        self.name = name
        self.kind = kind
        self.comment = comment
        self.next = next
        self.queryLanguage = queryLanguage
        self.inputPath = inputPath
        self.outputPath = outputPath
        self.resultPath = resultPath
        self.parameters = parameters
        self.resultSelector = resultSelector
        self.arguments = arguments
        self.output = output
        self.assign = assign
        self.retry = retry
        self.catchers = catchers
        self.enteredEventType = kind.enteredEventType
        self.exitedEventType = kind.exitedEventType
    }

    /// The AWS type name (`Pass`, `Task`, …).
    public var typeName: String { kind.typeName }
}

/// A path field that may also be `null` (meaning: discard, or use `{}`, depending on the field).
public enum OptionalPath: Sendable {
    case path(JSONPath)
    case null
}

/// The type-specific part of a state. Indirect: a Map's spec is large, and a definition parser that returns
/// it by value through the Map-in-Map recursion would need that much stack at every level.
public indirect enum StateKind: Sendable {
    case pass(result: JSON?)
    case task(TaskSpec)
    case choice(ChoiceSpec)
    case wait(WaitSpec)
    case succeed
    case fail(FailSpec)
    case parallel(ParallelSpec)
    case map(MapSpec)

    public var typeName: String {
        switch self {
        case .pass: return "Pass"
        case .task: return "Task"
        case .choice: return "Choice"
        case .wait: return "Wait"
        case .succeed: return "Succeed"
        case .fail: return "Fail"
        case .parallel: return "Parallel"
        case .map: return "Map"
        }
    }
}

/// A number given literally, through a path, or (JSONata) by an expression.
public enum DynamicValue: Sendable {
    case literal(JSON)
    case path(JSONPath)
    case template(Template)
}

/// A Task state: a resource to call, with timeouts.
public struct TaskSpec: Sendable {
    public let resource: String
    public let timeoutSeconds: DynamicValue?
    public let heartbeatSeconds: DynamicValue?
    public let credentials: JSON?
}

/// A Choice state's rules.
public struct ChoiceSpec: Sendable {
    public let choices: [ChoiceBranch]
    public let defaultNext: Int?
}

/// One entry of `Choices`: a rule and where it leads.
public struct ChoiceBranch: Sendable {
    public let rule: ChoiceRule
    public let next: Int
    public let assign: Template?
    public let output: Template?
}

/// A Wait state's duration or deadline.
public enum WaitSpec: Sendable {
    case seconds(DynamicValue)
    case timestamp(DynamicValue)
}

/// A Fail state's error and cause, literal or through paths.
public struct FailSpec: Sendable {
    public let error: DynamicValue?
    public let cause: DynamicValue?
}

/// A Parallel state's branches (processor indexes).
public struct ParallelSpec: Sendable {
    public let branches: [Int]
}

/// Inline or distributed processing of Map items.
public enum MapMode: String, Sendable {
    case inline = "INLINE"
    case distributed = "DISTRIBUTED"
}

/// A Map state's item source, processor and limits.
public struct MapSpec: Sendable {
    public let processor: Int
    public let mode: MapMode
    public let executionType: StateMachineType?
    public let itemsPath: OptionalPath?
    public let items: Template?
    public let itemSelector: Template?
    /// `ItemSelector` (or `Parameters`) as written, for a Distributed Map's coordinator to compile.
    public let itemSelectorSource: JSON?
    public let maxConcurrency: DynamicValue?
    public let toleratedFailureCount: DynamicValue?
    public let toleratedFailurePercentage: DynamicValue?
    public let itemReader: ItemReaderSpec?
    public let itemBatcher: ItemBatcherSpec?
    public let resultWriter: ResultWriterSpec?
    public let label: String?
    /// The `ItemProcessor` as a definition of its own (`StartAt`, `States`, `QueryLanguage`): what a
    /// Distributed Map runs as child executions.
    public let processorDefinition: JSON
}

/// A `Retry` entry.
public struct Retrier: Sendable {
    public let errorEquals: [String]
    public let intervalSeconds: Double
    public let maxAttempts: Int
    public let backoffRate: Double
    public let maxDelaySeconds: Double?
    public let jitterFull: Bool
}

/// A `Catch` entry.
public struct Catcher: Sendable {
    public let errorEquals: [String]
    public let next: Int
    public let resultPath: OptionalPath?
    public let assign: Template?
    public let output: Template?
}

extension StateKind {
    /// `PassStateEntered`, `TaskStateEntered`, …
    public var enteredEventType: HistoryEventType {
        switch self {
        case .pass: return .passStateEntered
        case .task: return .taskStateEntered
        case .choice: return .choiceStateEntered
        case .wait: return .waitStateEntered
        case .succeed: return .succeedStateEntered
        case .fail: return .failStateEntered
        case .parallel: return .parallelStateEntered
        case .map: return .mapStateEntered
        }
    }

    /// `PassStateExited`, …; `nil` for Fail, which has none.
    public var exitedEventType: HistoryEventType? {
        switch self {
        case .pass: return .passStateExited
        case .task: return .taskStateExited
        case .choice: return .choiceStateExited
        case .wait: return .waitStateExited
        case .succeed: return .succeedStateExited
        case .fail: return nil
        case .parallel: return .parallelStateExited
        case .map: return .mapStateExited
        }
    }
}
