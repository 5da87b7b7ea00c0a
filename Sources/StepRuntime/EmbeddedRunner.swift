import StepEngine
import StepJSON
import StepLanguage

/// The final state of an execution run in process, with its whole history.
public struct ExecutionResult: Sendable {
    public var state: ExecutionState
    public var events: [HistoryEvent]

    public var status: ExecutionStatus { state.status }
    public var output: JSON? { state.output }
    public var error: String? { state.error }
    public var cause: String? { state.cause }

    /// `{"status", "output", "error", "cause", "events"}` as `stepline run --json` prints it.
    public var json: JSON {
        var o = JSONObject(minimumCapacity: 5)
        o["status"] = .string(status.rawValue)
        o["output"] = output ?? .null
        o["error"] = error.map(JSON.string) ?? .null
        o["cause"] = cause.map(JSON.string) ?? .null
        o["events"] = .array(events.map(\.json))
        return .object(o)
    }
}

/// Runs one execution in process: carries out the engine's commands with real timers and a task
/// runner, running tasks of Parallel branches and Map iterations concurrently.
public struct EmbeddedRunner: Sendable {
    public let engine: Engine
    public let tasks: any TaskRunner

    public init(machine: StateMachine, tasks: any TaskRunner = UnavailableTaskRunner()) {
        self.engine = Engine(machine: machine)
        self.tasks = tasks
    }

    /// A runner for Express executions as AWS bounds them: at most five minutes from their start (then
    /// `ExecutionTimedOut`), and at most `eventLimit` events, so that a loop with no wait in it ends too.
    public static func express(
        machine: StateMachine, tasks: any TaskRunner, eventLimit: Int = EmbeddedRunner.expressEventLimit
    ) -> EmbeddedRunner {
        EmbeddedRunner(
            engine: Engine(machine: machine, historyLimit: eventLimit, maximumSeconds: Engine.expressMaximumSeconds), tasks: tasks)
    }

    /// The events an Express execution may produce (AWS keeps no history for it; this bounds a runaway loop).
    public static let expressEventLimit = 250_000

    init(engine: Engine, tasks: any TaskRunner) {
        self.engine = engine
        self.tasks = tasks
    }

    /// Runs the execution to its end and returns the result.
    public func run(_ info: ExecutionInfo) async -> ExecutionResult {
        var rng = SystemRandomNumberGenerator()
        let seed = rng.next()
        var (state, first) = CrashGuard.during(info.executionArn) { engine.start(info, seed: seed) }
        var history = first.events
        if state.isFinished { return ExecutionResult(state: state, events: history) }

        let (stream, continuation) = AsyncStream<EngineEvent>.makeStream()
        var inFlight: [Int: Task<Void, Never>] = [:]
        var timers: [Int: Task<Void, Never>] = [:]

        func carryOut(_ commands: [EngineCommand]) {
            for command in commands {
                switch command {
                case .runTask(let request):
                    let runner = tasks
                    inFlight[request.id] = Task {
                        let outcome = await runner.run(request)
                        guard !Task.isCancelled else { return }
                        switch outcome {
                        case .success(let output): continuation.yield(.taskSucceeded(task: request.id, output: output))
                        case .submitted(let output):
                            continuation.yield(.taskSubmitted(task: request.id, output: output))
                        case .failure(let error, let cause):
                            continuation.yield(.taskFailed(task: request.id, error: error, cause: cause))
                        }
                    }
                case .cancelTask(let id):
                    inFlight.removeValue(forKey: id)?.cancel()
                case .startTimer(let id, let due):
                    timers[id] = Task {
                        guard await WallClock.sleep(until: due) else { return }
                        continuation.yield(.timerFired(timer: id))
                    }
                case .cancelTimer(let id):
                    timers.removeValue(forKey: id)?.cancel()
                }
            }
        }

        carryOut(first.commands)
        for await event in stream {
            switch event {
            case .taskSucceeded(let id, _), .taskFailed(let id, _, _): inFlight[id] = nil
            case .timerFired(let id): timers[id] = nil
            default: break
            }
            let input = EngineInput(event, time: WallClock.now(), seed: rng.next())
            let out = CrashGuard.during(state.info.executionArn) { engine.handle(input, state: &state) }
            history += out.events
            carryOut(out.commands)
            if state.isFinished { break }
        }
        continuation.finish()
        for t in inFlight.values { t.cancel() }
        for t in timers.values { t.cancel() }
        return ExecutionResult(state: state, events: history)
    }
}
