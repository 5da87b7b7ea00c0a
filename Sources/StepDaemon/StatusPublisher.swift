import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService

/// Publishes EventBridge's "Step Functions Execution Status Change" event for each finished execution
/// to the events exchange, routing key `execution.<STATUS>`.
///
/// The events are an outbox: the commit that ends an execution marks its event pending in the same
/// transaction. The service hands each finished execution to `enqueue` after the commit; the publisher
/// publishes (confirmed, retried through outages) and then clears the marks, a batch of rows at a time.
/// A daemon killed in between publishes the marked ones after its restart (`publishPending()`): no event is
/// lost, and one may be published twice.
public actor StatusPublisher {
    let broker: any MessageBroker
    let topology: DaemonTopology
    let worker: StoreWorker
    let log: @Sendable (String) -> Void
    var queue: [ExecutionRecord] = []
    var scan = false
    var draining = false
    var published: [Int64] = []
    var lastClear = ContinuousClock.now

    public init(
        broker: any MessageBroker, topology: DaemonTopology, worker: StoreWorker, log: @escaping @Sendable (String) -> Void
    ) {
        self.broker = broker
        self.topology = topology
        self.worker = worker
        self.log = log
    }

    /// Executions a commit has just ended: their events go out without a store read.
    public func enqueue(_ finished: [FinishedExecution]) {
        queue += finished.filter { $0.state.info.type != .express }.map { Self.record($0) }
        kick()
    }

    /// Publishes every event still marked pending in the store (after a restart).
    public func publishPending() {
        scan = true
        kick()
    }

    func kick() {
        guard !draining else { return }
        draining = true
        Task { await self.drain() }
    }

    func drain() async {
        repeat {
            while scan || !queue.isEmpty {
                if scan {
                    scan = false
                    await drainStore()
                }
                let batch = queue
                queue = []
                if !batch.isEmpty {
                    await publish(batch)
                    published += batch.map(\.id)
                }
                if published.count >= 1000 || ContinuousClock.now - lastClear > .milliseconds(250) { await clear() }
            }
            await clear()
            // Checked again after the last suspension: what arrived meanwhile is not left behind.
        } while scan || !queue.isEmpty
        draining = false
    }

    /// Publishes what the store marks pending, a thousand at a time.
    func drainStore() async {
        while true {
            let records: [ExecutionRecord]
            do {
                records = try await worker.run { (s) throws(StoreError) in try s.pendingStatusEvents(limit: 1000) }
            } catch {
                log("cannot read pending status-change events: \(error)")
                return
            }
            if records.isEmpty { return }
            await publish(records)
            published += records.map(\.id)
            await clear()
        }
    }

    /// Clears the marks of the events published so far.
    func clear() async {
        lastClear = ContinuousClock.now
        guard !published.isEmpty else { return }
        let ids = published
        published = []
        do {
            try await worker.run { (s) throws(StoreError) in try s.statusEventsPublished(ids) }
        } catch {
            // Still marked: published again after a restart, which is allowed.
            log("cannot clear \(ids.count) published status-change events: \(error)")
        }
    }

    /// Publishes one batch, retrying with back-off until the broker confirms it.
    func publish(_ records: [ExecutionRecord]) async {
        var g = SplitMix64(seed: UInt64.random(in: 0...UInt64.max))
        let messages = records.map { r -> BrokerMessage in
            let arn = ARN(parsing: r.arn)
            let event = StatusChangeEvent.make(
                r, id: g.uuid(), time: r.stopDate ?? WallClock.now(), region: arn?.region ?? "us-east-1",
                account: arn?.account ?? "111111111111")
            return BrokerMessage(
                exchange: topology.eventsExchange, routingKey: StatusChangeEvent.routingKey(r.status.rawValue),
                body: Array(event.serialized().utf8))
        }
        let error = await publishRetrying(failed: { log("cannot publish \(messages.count) status-change events: \($0); retrying") }) {
            try await broker.publish(batch: messages)
        }
        if let error { log("the broker refused \(messages.count) status-change events: \(error)") }
    }

    static func record(_ f: FinishedExecution) -> ExecutionRecord {
        let s = f.state
        return ExecutionRecord(
            id: f.id, arn: s.info.executionArn, name: s.info.name, stateMachine: s.info.stateMachineName,
            stateMachineArn: s.info.stateMachineArn, version: nil, type: s.info.type, status: s.status,
            input: s.info.input.serialized(), output: s.output?.serialized(), error: s.error, cause: s.cause,
            startDate: s.info.startTime, stopDate: s.stopTime, redriveCount: s.info.redriveCount)
    }
}
