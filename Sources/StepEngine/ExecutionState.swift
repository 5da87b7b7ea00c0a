import StepJSON
import StepLanguage

/// Everything the engine knows about one running execution. A value: the driver keeps it, hands it to
/// the engine with each event, and may persist it between events (it is `Codable`).
public struct ExecutionState: Sendable, Codable {
    public var info: ExecutionInfo
    public var status: ExecutionStatus = .running
    public var output: JSON?
    public var error: String?
    public var cause: String?
    public var stopTime: Timestamp?
    /// The id the next history event will get.
    public var nextEventId = 1
    /// The last event of the execution as a whole (for `previousEventId` of execution-level events).
    var lastEventId = 0
    var nextId = 1
    var threads: [Int: ThreadState] = [:]
    var fans: [Int: FanState] = [:]
    var scopes: [Int: VariableScope] = [:]
    /// Pending task id → the thread waiting for it.
    var tasks: [Int: PendingTask] = [:]
    /// Pending timer id → what it is for.
    var timers: [Int: PendingTimer] = [:]
    var executionTimer: Int?
    /// Where the top-level thread stood when the execution stopped unsuccessfully: what a redrive restarts.
    var redrivePoint: RedrivePoint?

    public init(info: ExecutionInfo) { self.info = info }

    mutating func allocateId() -> Int {
        defer { nextId += 1 }
        return nextId
    }

    /// Task ids still awaited.
    public var pendingTasks: [Int] { Array(tasks.keys).sorted() }
    /// Timer ids still pending.
    public var pendingTimers: [Int] { Array(timers.keys).sorted() }
    public var isFinished: Bool { status != .running }
}

/// The top-level state an unsuccessful execution stopped in, with its input and the variables then set.
struct RedrivePoint: Sendable, Codable {
    var address: StateAddress
    var input: JSON
    var variables: JSONObject
}

/// A path of control: the top level, one Parallel branch, or one Map iteration.
struct ThreadState: Sendable, Codable {
    var id: Int
    var address: StateAddress
    /// The state's raw input.
    var input: JSON
    var scope: Int
    var parent: ParentLink?
    var phase: ThreadPhase = .entering
    /// Attempts made so far, one counter per retrier of the current state.
    var retryCounts: [Int] = []
    var enteredEventId = 0
    var lastEventId = 0
    var enteredTime: Timestamp
    /// The state's effective input (after InputPath/Parameters), kept while it waits.
    var effectiveInput: JSON?
    /// The Map item this thread processes, for `$$.Map.Item`.
    var mapItem: MapItem?
    /// A Map iteration that has not yet recorded `MapIterationStarted`.
    var pendingIterationStart = false
    var taskToken: String?
}

extension ThreadState {
    mutating func mutate(_ body: (inout ThreadState) -> Void) { body(&self) }
}

struct MapItem: Sendable, Codable {
    var index: Int
    var value: JSON
}

/// Which fan a thread belongs to, and its slot there.
struct ParentLink: Sendable, Codable {
    var fan: Int
    var slot: Int
}

/// What a thread is doing.
enum ThreadPhase: Sendable, Codable {
    case entering
    case waitingTask(Int)
    case waitingTimer(Int)
    case waitingFan(Int)
    case retryDelay(Int)
}

/// A running Parallel or Map state: its children and their results.
struct FanState: Sendable, Codable {
    var id: Int
    var owner: Int
    var isMap: Bool
    var items: [JSON]
    var results: [JSON?]
    var nextToStart = 0
    var running: Set<Int> = []
    var succeeded = 0
    var failed = 0
    var maxConcurrency: Int
    var toleratedCount: Int?
    var toleratedPercentage: Double?
    var processor: Int
    /// Branch processors, for Parallel.
    var branches: [Int]
    var effectiveInput: JSON
    /// The last event of the child that finished last: where AWS chains the next iteration's start.
    var lastChildEvent: Int?
}

/// The variables assigned in one scope; a child scope sees its parents' variables.
struct VariableScope: Sendable, Codable {
    var parent: Int?
    var values: JSONObject = JSONObject()
}

struct PendingTask: Sendable, Codable {
    var thread: Int
    var request: TaskRequest
    var lambdaStyle: Bool
    /// A Distributed Map's map run, standing for the Map state as a whole.
    var mapRun: Bool? = nil
    var timeoutTimer: Int?
    var heartbeatTimer: Int?
    /// An activity task a worker has taken (`ActivityStarted` recorded); optional so older states decode.
    var started: Bool?
}

enum TimerPurpose: Sendable, Codable {
    case wait
    case retry
    case taskTimeout(task: Int)
    case heartbeatTimeout(task: Int)
    case executionTimeout
}

struct PendingTimer: Sendable, Codable {
    var thread: Int?
    var purpose: TimerPurpose
    var due: Timestamp
}
