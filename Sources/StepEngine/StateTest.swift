import StepJSON
import StepLanguage

/// AWS's TestState: one state run alone, outside any execution, with what it did at each step of its
/// data flow (`inspectionData`).
///
/// The state runs on the real interpreter: it is put in a definition of its own whose other states are
/// `Succeed` placeholders under the names it leads to, so that Retry, Catch, Assign and every field behave
/// exactly as in an execution. The test ends when the state hands on (`SUCCEEDED`, or `CAUGHT_ERROR` through
/// a catcher), fails (`FAILED`), or a retrier would try again (`RETRIABLE`: the test does not wait out the
/// back-off). A Task's resource is called by the driver (`.runTask`), or answered by the request's mock;
/// a Wait state's timer fires at once.
public struct StateTest: Sendable {
    /// How much the answer shows (`inspectionLevel`).
    public enum InspectionLevel: String, Sendable {
        case info = "INFO"
        case debug = "DEBUG"
        case trace = "TRACE"
    }

    /// A Task's answer given with the request (`mock`) instead of calling its resource.
    public enum Mock: Sendable, Equatable {
        case result(JSON)
        case failure(error: String, cause: String?)
    }

    /// How the test ended (`status`).
    public enum Status: String, Sendable {
        case succeeded = "SUCCEEDED"
        case failed = "FAILED"
        case retriable = "RETRIABLE"
        case caughtError = "CAUGHT_ERROR"
    }

    /// What TestState answers.
    public struct Result: Sendable {
        public var status: Status
        public var output: JSON?
        public var error: String?
        public var cause: String?
        public var nextState: String?
        /// The data after each step (`input`, `afterInputPath`, `afterParameters`, `result`,
        /// `afterResultSelector`, `afterResultPath`, `afterArguments`, `variables`), at DEBUG and TRACE.
        public var inspection: [(name: String, value: JSON)]
        /// `catchIndex`, `retryIndex`, `retryBackoffIntervalSeconds` of the retrier or catcher that took the error.
        public var errorDetails: JSONObject?
    }

    /// What the driver must do next.
    public enum Step: Sendable {
        /// Call the resource and hand its answer to `taskSucceeded` or `taskFailed`.
        case runTask(TaskRequest)
        case finished(Result)
    }

    /// Why a test could not start: AWS's `InvalidDefinition` (with the diagnostics' paths) or a bad request.
    public struct Problem: Error, Sendable {
        public var code: String
        public var message: String
    }

    /// The name the state is tested under when the definition is a lone state.
    public static let defaultStateName = "TestState"

    let stateName: String
    let level: InspectionLevel
    let mock: Mock?
    let input: JSON
    let initialVariables: JSONObject
    /// The interpreter as it stood before the state ran: the data flow is recomputed on it for `inspectionData`.
    let before: Interpreter
    var interpreter: Interpreter
    let thread: Int
    var pendingTasks: [TaskRequest] = []
    var readyTimers: [Int] = []
    var retrying = false

    /// `definition`: a state (`{"Type": …}`) or a whole state machine, with `stateName` the state to test
    /// (its `StartAt` when absent); `variables`: the variables the state sees.
    public init(
        definition: String, stateName: String? = nil, input: JSON, variables: JSONObject = JSONObject(),
        level: InspectionLevel = .info, mock: Mock? = nil, info: ExecutionInfo, seed: UInt64
    ) throws(Problem) {
        let parsed: JSON
        do {
            parsed = try JSON(parsing: definition)
        } catch {
            throw Problem(code: "InvalidDefinition", message: "Invalid State Machine Definition: '\(error)'")
        }
        let (name, wrapped) = try Self.isolate(parsed, stateName: stateName)
        let machine: StateMachine
        do {
            machine = try DefinitionParser.parse(wrapped)
        } catch {
            throw Problem(
                code: "InvalidDefinition",
                message: "Invalid State Machine Definition: '\(error.diagnostics.map(\.description).joined(separator: ", "))'")
        }
        self.stateName = name
        self.level = level
        self.mock = mock
        self.input = input
        self.initialVariables = variables
        var info = info
        info.input = input
        var interpreter = Interpreter(machine: machine, state: ExecutionState(info: info), now: info.startTime, seed: seed)
        interpreter.historyLimit = 5_000
        interpreter.recoveries = []
        thread = interpreter.startTest(input: input, variables: variables)
        before = interpreter
        self.interpreter = interpreter
    }

    /// The state alone in a definition of its own: the states it leads to (`Next`, `Choices`, `Default`,
    /// `Catch`) become `Succeed` placeholders, so that the test stops where the state hands on.
    static func isolate(_ definition: JSON, stateName: String?) throws(Problem) -> (String, JSON) {
        guard case .object(let o) = definition else {
            throw Problem(code: "InvalidDefinition", message: "Invalid State Machine Definition: the definition must be a JSON object")
        }
        var language: JSON?
        let name: String
        var state: JSONObject
        if case .object(let states)? = o["States"] {
            language = o["QueryLanguage"]
            guard let chosen = stateName ?? o["StartAt"]?.stringValue else {
                throw Problem(code: "ValidationException", message: "stateName is required when the definition is a state machine")
            }
            guard case .object(let s)? = states[chosen] else {
                throw Problem(
                    code: "InvalidDefinition",
                    message: "Invalid State Machine Definition: the state machine has no state named '\(chosen)'")
            }
            name = chosen
            state = s
        } else if o["Type"] != nil {
            name = stateName ?? defaultStateName
            state = o
        } else {
            throw Problem(
                code: "InvalidDefinition",
                message: "Invalid State Machine Definition: expected a state (with 'Type') or a state machine (with 'States')")
        }
        // A state that leads back to itself leads instead to a placeholder that stands for it: the test stops
        // after one pass, and `nextState` names the state again.
        let again = loopPlaceholder(name)
        func retarget(_ v: JSON?) -> JSON? { v?.stringValue == name ? .string(again) : v }
        if state["Next"] != nil { state["Next"] = retarget(state["Next"]) }
        if state["Default"] != nil { state["Default"] = retarget(state["Default"]) }
        for list in ["Choices", "Catch"] {
            if case .array(let entries)? = state[list] {
                state[list] = .array(
                    entries.map { e in
                        guard case .object(var o) = e, o["Next"] != nil else { return e }
                        o["Next"] = retarget(o["Next"])
                        return .object(o)
                    })
            }
        }
        var targets: [String] = []
        func add(_ v: JSON?) {
            if let t = v?.stringValue, !targets.contains(t) { targets.append(t) }
        }
        add(state["Next"])
        add(state["Default"])
        for list in ["Choices", "Catch"] {
            if case .array(let entries)? = state[list] {
                for case .object(let e) in entries { add(e["Next"]) }
            }
        }
        var states: JSONObject = [name: .object(state)]
        for t in targets { states[t] = ["Type": "Succeed"] }
        var machine: JSONObject = ["StartAt": .string(name), "States": .object(states)]
        if let language { machine["QueryLanguage"] = language }
        return (name, .object(machine))
    }

    /// The placeholder's name for a state that leads to itself (no state name can hold a NUL character).
    static func loopPlaceholder(_ name: String) -> String { name + "\u{0}" }

    /// Runs the state as far as it goes without its resource.
    public mutating func start() -> Step {
        interpreter.drain()
        return advance()
    }

    /// The resource's result.
    public mutating func taskSucceeded(_ task: Int, output: JSON) -> Step {
        interpreter.handle(.taskSucceeded(task: task, output: output))
        return advance()
    }

    /// The resource's failure.
    public mutating func taskFailed(_ task: Int, error: String, cause: String?) -> Step {
        interpreter.handle(.taskFailed(task: task, error: error, cause: cause))
        return advance()
    }

    mutating func advance() -> Step {
        while true {
            let commands = interpreter.commands
            interpreter.commands = []
            for command in commands {
                switch command {
                case .runTask(let request):
                    pendingTasks.append(request)
                case .startTimer(let id, _):
                    switch interpreter.state.timers[id]?.purpose {
                    case .wait?: readyTimers.append(id)
                    case .retry?: retrying = true
                    default: break
                    }
                case .cancelTask(let id):
                    pendingTasks.removeAll { $0.id == id }
                case .cancelTimer(let id):
                    readyTimers.removeAll { $0 == id }
                }
            }
            if retrying || interpreter.state.isFinished || exitEventIndex != nil { return .finished(result()) }
            if !readyTimers.isEmpty {
                interpreter.handle(.timerFired(timer: readyTimers.removeFirst()))
                continue
            }
            guard !pendingTasks.isEmpty else { return .finished(result()) }
            let request = pendingTasks.removeFirst()
            switch mock {
            case .result(let output)?:
                interpreter.handle(.taskSucceeded(task: request.id, output: output))
            case .failure(let error, let cause)?:
                interpreter.handle(.taskFailed(task: request.id, error: error, cause: cause))
            case nil:
                return .runTask(request)
            }
        }
    }

    /// The tested state's exit event: the test is over once it is recorded.
    var exitEventIndex: Int? {
        let type = before.machine[StateAddress(processor: 0, state: before.machine.root.startAt)].exitedEventType
        return interpreter.events.firstIndex { $0.type == type && $0.name == stateName }
    }

    func result() -> Result {
        let events = interpreter.events
        let recovery = interpreter.recoveries?.last
        var r = Result(status: .failed, inspection: [])
        if retrying, let recovery {
            r.status = .retriable
            r.error = recovery.error.error
            r.cause = recovery.error.cause
        } else if let exit = exitEventIndex {
            r.output = events[exit].payload?.value
            r.nextState = events[(exit + 1)...].first { $0.type.isStateEntered }?.name.map {
                $0 == Self.loopPlaceholder(stateName) ? stateName : $0
            }
            if let recovery, recovery.catchIndex != nil {
                r.status = .caughtError
                r.error = recovery.error.error
                r.cause = recovery.error.cause
            } else {
                r.status = .succeeded
            }
        } else if interpreter.state.status == .running {
            r.error = StatesErrorName.runtime
            r.cause =
                "The state did not finish: it waits for something TestState cannot give it (a callback or an activity worker); give a mock."
        } else {
            r.error = interpreter.state.error
            r.cause = interpreter.state.cause
        }
        if let recovery, r.status == .retriable || r.status == .caughtError {
            var d = JSONObject()
            if let i = recovery.catchIndex { d["catchIndex"] = .int(i) }
            if let i = recovery.retryIndex { d["retryIndex"] = .int(i) }
            if let s = recovery.backoffSeconds { d["retryBackoffIntervalSeconds"] = .int(Int(s.rounded())) }
            r.errorDetails = d
        }
        if level != .info { r.inspection = inspection(exit: exitEventIndex.map { events[$0] }) }
        return r
    }

    /// `inspectionData`: the data flow recomputed step by step on the interpreter as it stood before the state
    /// ran (same variables, same context, same random seed), with the resource's result taken from the history.
    func inspection(exit: HistoryEvent?) -> [(name: String, value: JSON)] {
        var copy = before
        guard let t = copy.state.threads[thread] else { return [] }
        let st = copy.machine[t.address]
        var out: [(name: String, value: JSON)] = [("input", input)]
        let taskResult = interpreter.events.last { $0.type == .taskSucceeded }?.payload?.value
        if st.queryLanguage == .jsonata {
            if let args = st.arguments, let v = try? args.evaluate(input: input, environment: copy.environment(t), random: &copy.rng) {
                out.append(("afterArguments", v))
            }
            if case .task = st.kind, let taskResult { out.append(("result", taskResult)) }
        } else {
            guard let afterInputPath = try? copy.applyInputPath(t, st) else { return out }
            out.append(("afterInputPath", afterInputPath))
            var effective = afterInputPath
            switch st.kind {
            case .pass, .task, .parallel, .map:
                if let params = st.parameters,
                    let v = try? params.evaluate(input: afterInputPath, environment: copy.environment(t), random: &copy.rng)
                {
                    effective = v
                }
                out.append(("afterParameters", effective))
            default:
                break
            }
            var result: JSON?
            switch st.kind {
            case .pass(let fixed): result = fixed ?? effective
            case .task: result = taskResult
            default: result = nil
            }
            if let result {
                out.append(("result", result))
                var selected = result
                if let rs = st.resultSelector,
                    let v = try? rs.evaluate(input: result, environment: copy.environment(t), random: &copy.rng)
                {
                    selected = v
                    out.append(("afterResultSelector", v))
                }
                if let combined = try? copy.applyResultPath(st.resultPath, raw: input, result: selected) {
                    out.append(("afterResultPath", combined))
                }
            }
        }
        var variables = initialVariables
        if let assigned = exit?.assignedVariables {
            for (k, v) in assigned { variables[k] = v }
        }
        if !variables.isEmpty || st.assign != nil { out.append(("variables", .object(variables))) }
        return out
    }
}

/// An error a retrier or catcher took (TestState's record of it).
struct Recovery: Sendable {
    var error: StatesError
    var retryIndex: Int?
    var catchIndex: Int?
    var backoffSeconds: Double?
}

extension Interpreter {
    /// An execution's start without its timer or its events' drain: the tested state's thread, with the
    /// variables it is given.
    mutating func startTest(input: JSON, variables: JSONObject) -> Int {
        state.lastEventId = emitExecution(
            .executionStarted, "executionStartedEventDetails", ["roleArn": .string(state.info.roleArn)],
            payload: EventPayload("input", input))
        let scope = state.allocateId()
        state.scopes[scope] = VariableScope(parent: nil, values: variables)
        let root = machine.root
        let id = state.allocateId()
        state.threads[id] = ThreadState(
            id: id, address: StateAddress(processor: root.index, state: root.startAt), input: input, scope: scope,
            parent: nil, enteredTime: now)
        runnable.append(id)
        return id
    }
}
