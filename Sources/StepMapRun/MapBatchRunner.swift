import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import Synchronization

/// Runs a batch of a map run's children in this process: what a worker does with a `MapBatch` job,
/// and what `stepline run` does for a Distributed Map. Each child is a whole execution; children
/// made only of Pass, Choice, Succeed and Fail states finish at their start without a task or timer,
/// the others run with the task runner, concurrently.
public struct MapBatchRunner: TaskRunner {
    let tasks: any TaskRunner
    let buckets: Buckets
    let machines: MachineCache

    public init(tasks: any TaskRunner, buckets: Buckets = Buckets()) {
        self.init(tasks: tasks, buckets: buckets, machines: MachineCache())
    }

    init(tasks: any TaskRunner, buckets: Buckets, machines: MachineCache) {
        self.tasks = tasks
        self.buckets = buckets
        self.machines = machines
    }

    /// What a child's Task states call: `tasks`, and for a Distributed Map nested in the child, a map
    /// run whose children run here too.
    var childTasks: any TaskRunner {
        let nested = LocalBatchExecutor(self)
        return RoutingTaskRunner(
            routes: [(MapRunRequest.resource, MapRunTaskRunner(buckets: buckets, executor: nested))], fallback: tasks)
    }

    /// Runs a `MapBatch` job: answers one `ChildResult` per child.
    public func run(_ request: TaskRequest) async -> TaskOutcome {
        guard let batch = MapBatch(json: request.input) else {
            return .failure(error: StatesErrorName.runtime, cause: "The map batch job is malformed")
        }
        switch await run(batch) {
        case .success(let results): return .success(.array(results.map(\.json)))
        case .failure(let f): return .failure(error: f.error, cause: f.cause)
        }
    }

    /// Runs every child of the batch.
    public func run(_ batch: MapBatch) async -> Result<[ChildResult], MapRunFailure> {
        let machine: StateMachine
        do {
            machine = try machines.machine(for: batch.definition)
        } catch {
            return .failure(MapRunFailure(StatesErrorName.runtime, "The item processor is not a valid definition: \(error)"))
        }
        let names = ChildNames(mapRunArn: batch.mapRunArn, executionType: batch.executionType)
        let express = batch.executionType == .express
        let engine = Engine(
            machine: machine, historyLimit: express ? EmbeddedRunner.expressEventLimit : Engine.standardHistoryLimit,
            maximumSeconds: express ? Engine.expressMaximumSeconds : nil)
        var rng = SystemRandomNumberGenerator()
        var results: [ChildResult?] = Array(repeating: nil, count: batch.children.count)
        var waiting: [(slot: Int, info: ExecutionInfo)] = []
        for (slot, child) in batch.children.enumerated() {
            let name = names.name(child.index)
            let info = ExecutionInfo(
                executionArn: names.executionArn(name), name: name, stateMachineArn: names.stateMachineArn,
                stateMachineName: names.machine, input: child.input, startTime: WallClock.now(),
                type: batch.executionType)
            let (state, _) = engine.start(info, seed: rng.next())
            if state.isFinished {
                results[slot] = Self.result(child.index, state, info)
            } else {
                waiting.append((slot, info))
            }
        }
        if !waiting.isEmpty {
            let runner =
                express
                ? EmbeddedRunner.express(machine: machine, tasks: childTasks) : EmbeddedRunner(machine: machine, tasks: childTasks)
            let indexes = batch.children.map(\.index)
            await withTaskGroup(of: (Int, ChildResult).self) { group in
                for w in waiting {
                    group.addTask {
                        let r = await runner.run(w.info)
                        return (w.slot, Self.result(indexes[w.slot], r.state, w.info))
                    }
                }
                for await (slot, r) in group { results[slot] = r }
            }
        }
        return .success(results.compactMap { $0 })
    }

    static func result(_ index: Int, _ state: ExecutionState, _ info: ExecutionInfo) -> ChildResult {
        let stop = state.stopTime ?? WallClock.now()
        return ChildResult(
            index: index, status: state.status.rawValue, output: state.status == .succeeded ? state.output : nil,
            error: state.error, cause: state.cause, name: info.name, startMillis: info.startTime.epochMilliseconds,
            stopMillis: stop.epochMilliseconds)
    }
}

/// Compiled child definitions, by their text: a worker compiles each map run's processor once.
final class MachineCache: Sendable {
    let machines = Mutex<[String: StateMachine]>([:])

    func machine(for definition: JSON) throws(DefinitionError) -> StateMachine {
        let key = definition.serialized()
        if let m = machines.withLock({ $0[key] }) { return m }
        let m = try DefinitionParser.parse(definition)
        machines.withLock {
            if $0.count > 256 { $0.removeAll() }
            $0[key] = m
        }
        return m
    }
}

/// Why a map run failed: an error name and cause, as the Map state reports them.
public struct MapRunFailure: Error, Sendable, Equatable {
    public var error: String
    public var cause: String?

    public init(_ error: String, _ cause: String?) {
        self.error = error
        self.cause = cause
    }
}
