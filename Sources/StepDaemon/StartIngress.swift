import StepJSON
import StepLanguage
import StepRuntime
import StepService

/// Takes StartExecution messages from the start queue: creates each execution (idempotently, by name),
/// starts it, and acknowledges the message only once the start is committed. A message that cannot be
/// understood goes to the dead-letter exchange with the reason in the `x-stepline-reason` header.
public struct StartIngress: Sendable {
    let broker: any MessageBroker
    let topology: DaemonTopology
    let rules: StartRules
    let service: DurableService
    let worker: StoreWorker
    let log: @Sendable (String) -> Void

    public init(
        broker: any MessageBroker, topology: DaemonTopology, rules: [StartRule], service: DurableService,
        worker: StoreWorker, log: @escaping @Sendable (String) -> Void
    ) {
        self.init(broker: broker, topology: topology, rules: StartRules(rules), service: service, worker: worker, log: log)
    }

    /// With rules that a reload (SIGHUP) may replace while the ingress runs.
    public init(
        broker: any MessageBroker, topology: DaemonTopology, rules: StartRules, service: DurableService,
        worker: StoreWorker, log: @escaping @Sendable (String) -> Void
    ) {
        self.broker = broker
        self.topology = topology
        self.rules = rules
        self.service = service
        self.worker = worker
        self.log = log
    }

    /// Consumes until the stream ends or the task is cancelled.
    public func run(prefetch: Int = 512, concurrency: Int = 128) async throws {
        try await broker.consume(topology.startQueue, prefetch: prefetch, concurrency: concurrency) { d in
            await self.handle(d)
        }
    }

    func handle(_ delivery: BrokerDelivery) async {
        let requests: [StartRequest]
        do {
            requests = try StartMessage.requests(body: delivery.body, messageId: delivery.messageId, rules: rules.current)
        } catch {
            await deadLetter(delivery, reason: error.description)
            return
        }
        var records: [ExecutionRecord] = []
        for r in requests {
            do {
                let now = WallClock.now()
                records.append(
                    try await worker.run { (s) throws(StoreError) in
                        try ExecutionStarter.start(in: s, stateMachine: r.stateMachine, name: r.name, input: r.input, now: now)
                    })
            } catch {
                if error.code == .executionAlreadyExists, delivery.redelivered {
                    // A redelivery of a message whose execution already ran: nothing to start again.
                    continue
                }
                if error.isStorageFailure {
                    // Not this message's fault: leave it on the queue for later.
                    log("cannot record a start (\(error)); requeueing the message")
                    await broker.reject(delivery, requeue: true)
                    return
                }
                await deadLetter(delivery, reason: error.description)
                return
            }
        }
        for record in records { await service.start(record) }
        broker.ack(delivery, onceCommittedBy: service)
    }

    func deadLetter(_ delivery: BrokerDelivery, reason: String) async {
        await broker.deadLetter(
            delivery, exchange: topology.deadLetterExchange, routingKey: topology.startQueue, reason: reason, log: log)
    }
}
