import Foundation
import Logging
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime

/// The durable runtime behind `stepline serve`: drives the engine for every open Standard execution,
/// commits each step (state, history, timers, tasks) to the store before anything it caused happens,
/// groups many steps into one commit, fires timers, runs tasks, and resumes everything after a restart.
public actor DurableService {
    let worker: StoreWorker
    let tasks: any TaskRunner
    /// When set, tasks go to workers through it instead of running in this process.
    let dispatcher: (any TaskDispatcher)?
    /// When set, activity tasks are published to their activity's broker queue instead of waiting in the store.
    let activityQueue: (any ActivityQueue)?
    /// Told after each commit about the executions that commit ended (for status-change events).
    let onFinished: (@Sendable ([FinishedExecution]) async -> Void)?
    /// Told after each commit which executions it touched, for waiters in this process (the API).
    public nonisolated let changes = ExecutionChanges()
    /// When steps happen and when timers are due: the wall clock, or a test's manual clock.
    let clock: any ServiceClock
    let log: @Sendable (String) -> Void
    /// Notable events (executions started and ended, failed tasks, slow commits) with their metadata.
    let logger = Logger(label: "stepline.service")

    /// Open executions and compiled definitions.
    var open: ExecutionCache
    /// Steps staged for the next group commit, and who waits for them.
    var pipeline = CommitPipeline()
    var timers = TimerSchedule()
    var supervisor = TaskSupervisor()
    /// `.sync` tasks waiting for a child to end, by child.
    var childWaiters: [Int64: [CheckedContinuation<ExecutionState, Never>]] = [:]
    var lastStartId: Int64 = 0
    /// Executions started and not yet committed, so that the poll and a consumer never both start one.
    var starting: Set<Int64> = []
    /// Events for executions caught between creation and their first engine state (a stop sent to a child
    /// the moment it is started): applied as soon as the execution is open.
    var deferred: [Int64: [(event: EngineEvent, done: [EngineCommandDone])]] = [:]
    var rng = SystemRandomNumberGenerator()
    /// Transitions (states entered) committed since start; for benchmarks and logs.
    public private(set) var committedTransitions = 0
    public private(set) var committedBatches = 0

    public init(
        worker: StoreWorker, tasks: any TaskRunner, dispatcher: (any TaskDispatcher)? = nil,
        activityQueue: (any ActivityQueue)? = nil, cacheLimit: Int = 4096,
        onFinished: (@Sendable ([FinishedExecution]) async -> Void)? = nil, clock: any ServiceClock = WallServiceClock(),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.worker = worker
        self.tasks = tasks
        self.dispatcher = dispatcher
        self.activityQueue = activityQueue
        self.onFinished = onFinished
        self.open = ExecutionCache(limit: cacheLimit)
        self.clock = clock
        self.log = log
    }

    // MARK: Recovery

    /// Re-arms every durable timer and runs again every task that had not answered.
    public func recover() async throws(StoreError) {
        let pendingTimers = try await worker.run { (s) throws(StoreError) in try s.timers() }
        for t in pendingTimers { timers.arm(execution: t.executionId, timer: t.timer, due: t.due) }
        let pendingTasks = try await worker.run { (s) throws(StoreError) in try s.pendingTasks() }
        for t in pendingTasks {
            // The engine state is loaded lazily when the answer arrives.
            startTask(execution: t.executionId, request: t.request)
        }
        if !pendingTimers.isEmpty || !pendingTasks.isEmpty {
            log("resumed \(pendingTimers.count) timers and \(pendingTasks.count) tasks")
        }
        scheduleTimerLoop()
    }

    // MARK: Starting executions

    /// Starts executions created by clients (or by `start`) that no service has started yet.
    @discardableResult
    public func startPending(limit: Int = 500) async throws(StoreError) -> Int {
        let after = lastStartId
        let records = try await worker.run { (s) throws(StoreError) in try s.pendingStarts(after: after, limit: limit) }
        for r in records {
            lastStartId = max(lastStartId, r.id)
            await start(r)
        }
        return records.count
    }

    /// Starts one created execution now (a message consumer calls this instead of waiting for the poll).
    public func start(_ record: ExecutionRecord) async {
        // Started here, by a consumer, or by the poll: whichever comes first; never twice.
        guard open[record.id] == nil, starting.insert(record.id).inserted else { return }
        let definition: String
        let loggingLevel: String
        let roleArn: String?
        do {
            // Asked on the store's queue, after any commit already queued: a row another path has started
            // since it was read has an engine state by now.
            let found = try await worker.run { (s) throws(StoreError) -> (String, String, String?)? in
                if try s.engineState(executionId: record.id) != nil { return nil }
                let d = try s.definition(forExecution: record.id)
                return (d.definition, d.loggingLevel, d.roleArn)
            }
            guard let found else {
                starting.remove(record.id)
                await applyDeferred(record.id)
                return
            }
            (definition, loggingLevel, roleArn) = found
        } catch {
            log("cannot start \(record.arn): \(error)")
            deferred[record.id] = nil
            return
        }
        let machine: StateMachine
        do {
            machine = try open.compiled(definition)
        } catch {
            log("cannot start \(record.arn): invalid definition")
            deferred[record.id] = nil
            return
        }
        let input = (try? JSON(parsing: record.input)) ?? .object(JSONObject())
        var info = ExecutionInfo(
            executionArn: record.arn, name: record.name, stateMachineArn: record.stateMachineArn,
            stateMachineName: record.stateMachine, input: input, startTime: record.startDate, type: record.type)
        info.redriveCount = record.redriveCount
        if let roleArn, !roleArn.isEmpty { info.roleArn = roleArn }
        if record.type == .express {
            info.startedAsynchronously = true
            // An Express execution runs wholly in memory; a stop sent while it started has nothing to stop.
            deferred[record.id] = nil
            runExpress(record, machine: machine, info: info, loggingLevel: loggingLevel)
            return
        }
        let engine = Engine(machine: machine, historyLimit: Engine.standardHistoryLimit)
        let seed = rng.next()
        let (state, out) = CrashGuard.during(record.arn) { engine.start(info, seed: seed) }
        ServiceMetrics.executionStarted(info)
        logger.info("execution started", metadata: .execution(info))
        open[record.id] = ExecutionCache.Entry(state: state, engine: engine)
        stage(record.id, state: state, output: out, done: [])
        await applyDeferred(record.id)
    }

    /// Applies the events that came for an execution while it was being started.
    func applyDeferred(_ executionId: Int64) async {
        guard let events = deferred.removeValue(forKey: executionId) else { return }
        for e in events { await apply(executionId, e.event, done: e.done) }
    }

    /// Express: wholly in memory, no write per step; the result (and the history, if logged) at the end.
    func runExpress(_ record: ExecutionRecord, machine: StateMachine, info: ExecutionInfo, loggingLevel: String) {
        let runner = EmbeddedRunner.express(machine: machine, tasks: tasks)
        let worker = self.worker
        let log = self.log
        let changes = self.changes
        ServiceMetrics.executionStarted(info)
        Task {
            let result = await runner.run(info)
            ServiceMetrics.executionFinished(result.state)
            let keep =
                loggingLevel == "ALL" || (loggingLevel == "ERROR" && result.status != .succeeded)
            let events = keep ? result.events : []
            do {
                try await worker.run { (s) throws(StoreError) in
                    try s.recordFinished(executionId: record.id, state: result.state, events: events)
                }
            } catch {
                log("cannot record express execution \(record.arn): \(error)")
            }
            changes.committed([record.id])
            self.childEnded(record.id, result.state)
        }
    }

    // MARK: Events

    /// Applies an event to an execution: loads its state if needed, runs the engine, stages the commit.
    public func apply(_ executionId: Int64, _ event: EngineEvent, done: [EngineCommandDone] = []) async {
        if open[executionId] == nil, starting.contains(executionId) {
            deferred[executionId, default: []].append((event, done))
            return
        }
        if open[executionId] == nil {
            do {
                try await load(executionId)
            } catch {
                log("cannot load execution \(executionId): \(error)")
                return
            }
        }
        guard var entry = open[executionId] else { return }
        if entry.state.isFinished, !Self.isRedrive(event) {
            // A late answer or a repeated request for an execution that has ended: nothing to record.
            open[executionId] = nil
            return
        }
        let input = EngineInput(event, time: clock.now(), seed: rng.next())
        let out = CrashGuard.during(entry.state.info.executionArn) { entry.engine.handle(input, state: &entry.state) }
        open[executionId] = entry
        stage(executionId, state: entry.state, output: out, done: done)
    }

    func load(_ executionId: Int64) async throws(StoreError) {
        let loaded = try await worker.run { (s) throws(StoreError) -> (ExecutionState, String)? in
            guard let state = try s.engineState(executionId: executionId) else { return nil }
            return (state, try s.definition(forExecution: executionId).definition)
        }
        guard open[executionId] == nil, let (state, definition) = loaded else { return }
        guard let machine = try? open.compiled(definition) else {
            throw StoreError(.invalidDefinition, "the definition of execution \(executionId) no longer parses")
        }
        open[executionId] = ExecutionCache.Entry(
            state: state, engine: Engine(machine: machine, historyLimit: Engine.standardHistoryLimit))
    }

    /// Stages one engine step; the flush commits it with its neighbours, then carries its commands out.
    func stage(_ executionId: Int64, state: ExecutionState, output: EngineOutput, done: [EngineCommandDone]) {
        var entered = 0
        for e in output.events {
            if e.type.isStateEntered {
                entered += 1
            } else if e.type.isStepFailure {
                logFailure(e, state: state, output: output)
            }
        }
        committedTransitions += entered
        let step = TransitionCommit(executionId: executionId, state: state, output: output, done: done)
        if pipeline.stage(step, commands: output.commands, transitions: entered) {
            Task { await self.flush() }
        }
    }

    /// Commits everything staged in one transaction, then carries out the commands; repeats while more
    /// arrived meanwhile. A failed commit is retried with back-off: nothing is acknowledged before it lands.
    func flush() async {
        while let batch = pipeline.takeBatch() {
            await commit(batch.steps)
            committedBatches += 1
            for c in batch.steps { starting.remove(c.executionId) }
            for waiter in pipeline.committed(batch) { waiter.resume() }
            ServiceMetrics.transitions.increment(by: batch.transitions)
            changes.committed(batch.steps.lazy.map(\.executionId))
            for (id, cmds) in batch.commands { carryOut(id, cmds) }
            let finished = batch.steps.filter { c in c.state.isFinished && c.events.contains { $0.type.endsExecution } }
            for c in finished {
                ServiceMetrics.executionFinished(c.state)
                logFinished(c.state)
                open[c.executionId] = nil
                childEnded(c.executionId, c.state)
            }
            if let onFinished, !finished.isEmpty {
                await onFinished(finished.map { FinishedExecution(id: $0.executionId, state: $0.state) })
            }
            open.evictIdle(pending: { [pipeline] in pipeline.isStaged($0) })
        }
    }

    /// Commits one batch in one transaction. A failed commit is retried with back-off: nothing is
    /// acknowledged before it lands. A step the store refuses outright is dropped, loudly.
    func commit(_ batch: [TransitionCommit]) async {
        var backoff = Backoff(first: .milliseconds(50))
        let began = ContinuousClock.now
        while true {
            do {
                try await worker.run { (s) throws(StoreError) in try s.commit(batch) }
                break
            } catch  where error.code == .constraint {
                // Not the disk's fault: one step contradicts what is stored. Commit the others one by
                // one and drop the offender, loudly, rather than hold every execution back.
                for step in batch {
                    do {
                        try await worker.run { (s) throws(StoreError) in try s.commit([step]) }
                    } catch {
                        log("dropping a step of execution \(step.executionId) that cannot be stored: \(error)")
                        open[step.executionId] = nil
                    }
                }
                break
            } catch {
                logger.warning("commit failed; retrying", metadata: ["steps": "\(batch.count)", "error": "\(error)"])
                ServiceMetrics.commitRetries.increment()
                await backoff.wait()
            }
        }
        let took = ContinuousClock.now - began
        ServiceMetrics.commitDuration.recordNanoseconds(took.nanoseconds)
        ServiceMetrics.commitBatchSize.record(batch.count)
        if took > .seconds(1) {
            logger.warning(
                "slow commit", metadata: ["steps": "\(batch.count)", "seconds": "\(Double(took.nanoseconds) / 1e9)"])
        }
    }

    /// Returns once every step staged before the call has been committed: the point after which a
    /// message that caused them may be acknowledged.
    public func whenCommitted() async {
        guard let target = pipeline.pendingTarget else { return }
        await withCheckedContinuation { c in pipeline.wait(for: target, c) }
    }

    /// Whether an answer belongs to an execution of this store: the execution its row id names has the ARN
    /// the answer echoes (an answer without one, from an older worker, is taken as it is).
    public func holds(_ result: JobResult) async -> Bool {
        guard let arn = result.executionArn, !arn.isEmpty else { return true }
        if let open = open[result.executionId] { return open.state.info.executionArn == arn }
        let id = result.executionId
        let stored = try? await worker.run { (s) throws(StoreError) in try s.engineState(executionId: id)?.info.executionArn }
        return stored.flatMap { $0 } == arn
    }

    /// A worker's answer to a job, or a callback's. Applying the same answer twice changes nothing the
    /// second time: the engine ignores an answer to a task it no longer waits for.
    public func deliver(_ result: JobResult) async {
        let key = TaskKey(execution: result.executionId, task: result.taskId)
        if supervisor.isRunning(key) {
            await taskFinished(key, result.outcome)
            return
        }
        // A callback for a task handed over before a restart: no placeholder is running for it.
        switch result.outcome {
        case .success(let output):
            await apply(result.executionId, .taskSucceeded(task: result.taskId, output: output), done: [.task(result.taskId)])
        case .failure(let error, let cause):
            await apply(
                result.executionId, .taskFailed(task: result.taskId, error: error, cause: cause), done: [.task(result.taskId)])
        case .submitted(let output):
            await apply(result.executionId, .taskSubmitted(task: result.taskId, output: output))
        }
    }

    static func isRedrive(_ e: EngineEvent) -> Bool {
        if case .redrive = e { return true }
        return false
    }

    /// A heartbeat for a task waiting for its callback.
    public func heartbeat(executionId: Int64, task: Int) async {
        await apply(executionId, .taskHeartbeat(task: task))
    }

    func carryOut(_ executionId: Int64, _ commands: [EngineCommand]) {
        for c in commands {
            switch c {
            case .runTask(let r): startTask(execution: executionId, request: r)
            case .cancelTask(let id):
                let (wasRunning, child) = supervisor.cancel(TaskKey(execution: executionId, task: id))
                // Only a task still running counts as in flight (one handed over no longer does).
                if wasRunning { open[executionId]?.inFlight -= 1 }
                if let child {
                    Task { await self.apply(child, .stop(error: nil, cause: "The parent execution stopped")) }
                }
            case .startTimer(let id, let due): timers.arm(execution: executionId, timer: id, due: due)
            case .cancelTimer(let id): timers.cancel(execution: executionId, timer: id)
            }
        }
        scheduleTimerLoop()
    }

    // MARK: Tasks

    func startTask(execution: Int64, request: TaskRequest) {
        if ARN(parsing: request.resource)?.activityName != nil {
            startActivityTask(execution: execution, request: request)
            return
        }
        let key = TaskKey(execution: execution, task: request.id)
        let runner = tasks
        open[execution]?.inFlight += 1
        // A nested execution is this service's own business (it starts the child and, for `.sync`, waits for
        // it); a map run is coordinated here, by `tasks`, and only its batches of children go to workers.
        let nested = NestedExecution.handles(request.resource)
        if let dispatcher, !nested, request.resource != MapRunRequest.resource {
            // Workers run it; the answer arrives through `deliver`. A placeholder marks it as awaited.
            supervisor.began(key, Task {}, dispatched: true)
            let job = Job(executionId: execution, request: request)
            Task { await dispatcher.dispatch(job) }
            return
        }
        let task = Task {
            let outcome = nested ? await self.runNested(key, request) : await runner.run(request)
            guard !Task.isCancelled else { return }
            await self.taskFinished(key, outcome)
        }
        supervisor.began(key, task)
    }

    func taskFinished(_ key: TaskKey, _ outcome: TaskOutcome) async {
        guard supervisor.finished(key) else { return }
        open[key.execution]?.inFlight -= 1
        switch outcome {
        case .submitted(let output):
            // Waiting for a callback now: the task stays pending in the store, marked as handed over.
            await apply(key.execution, .taskSubmitted(task: key.task, output: output), done: [.submitted(key.task)])
        case .success(let output):
            await apply(key.execution, .taskSucceeded(task: key.task, output: output), done: [.task(key.task)])
        case .failure(let error, let cause):
            await apply(key.execution, .taskFailed(task: key.task, error: error, cause: cause), done: [.task(key.task)])
        }
    }

    // MARK: Timers

    /// Keeps one sleeping task, woken on the service's clock for the earliest timer.
    func scheduleTimerLoop() {
        guard let due = timers.wakeNeeded() else { return }
        let clock = self.clock
        let task = Task {
            guard await clock.sleep(until: due) else { return }
            await self.fireDueTimers()
        }
        timers.sleep(task, until: due)
    }

    func fireDueTimers() async {
        for t in timers.takeDue(now: clock.now()) {
            await apply(t.execution, .timerFired(timer: t.timer), done: [.timer(t.timer)])
        }
        scheduleTimerLoop()
    }

    // MARK: Requests

    /// Applies stop and redrive requests written by client processes.
    @discardableResult
    public func handleRequests() async throws(StoreError) -> Int {
        let reqs = try await worker.run { (s) throws(StoreError) in try s.requests() }
        for r in reqs {
            switch r.kind {
            case .stop: await apply(r.executionId, .stop(error: r.error, cause: r.cause))
            case .redrive:
                open[r.executionId] = nil
                await apply(r.executionId, .redrive)
            case .taskSuccess:
                guard let task = r.task else { break }
                let output = r.output.flatMap { try? JSON(parsing: $0) } ?? .null
                await apply(r.executionId, .taskSucceeded(task: task, output: output), done: [.task(task)])
            case .taskFailure:
                guard let task = r.task else { break }
                await apply(
                    r.executionId, .taskFailed(task: task, error: r.error ?? StatesErrorName.taskFailed, cause: r.cause),
                    done: [.task(task)])
            case .taskHeartbeat:
                guard let task = r.task else { break }
                await apply(r.executionId, .taskHeartbeat(task: task))
            case .taskStarted:
                guard let task = r.task else { break }
                await apply(r.executionId, .taskStarted(task: task, workerName: r.workerName))
            }
            try await worker.run { (s) throws(StoreError) in try s.deleteRequest(id: r.id) }
        }
        return reqs.count
    }

    /// Waits until everything staged has been committed.
    public func drain() async {
        while !pipeline.isIdle { try? await Task.sleep(nanoseconds: 1_000_000) }
    }

    /// Lets the tasks running in this process finish for up to `grace`, then commits what is staged. Tasks
    /// still running stay pending in the store and run again on the next start; tasks on workers are the
    /// workers' to finish or hand back.
    public func drain(grace: Duration) async {
        let deadline = ContinuousClock.now + grace
        while tasksInHand > 0, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        if tasksInHand > 0 {
            logger.warning("grace period over; tasks still running will run again on the next start", metadata: ["tasks": "\(tasksInHand)"])
        }
        await drain()
    }

    /// Tasks handed to workers and not yet answered.
    public var jobsInFlight: Int { supervisor.dispatchedCount }

    /// Tasks running in this process (not those handed to workers).
    public var tasksInHand: Int { supervisor.inHand }

    /// Executions held in memory (for tests of memory use).
    public var openCount: Int { open.count }
    public var timerCount: Int { timers.count }
    public var runningTaskCount: Int { supervisor.count }
}
