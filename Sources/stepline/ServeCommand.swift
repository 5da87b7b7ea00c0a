import ArgumentParser
import Foundation
import StepJSON
import StepLanguage
import StepRuntime
import StepService
import StepDaemon
import StepEngine
import StepAPI
import StepStore
import Synchronization

/// `stepline serve --db PATH`: the durable service with an in-process queue.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the durable service: resume open executions, start new ones, fire timers, run tasks.",
        discussion: "Stops cleanly on SIGTERM or SIGINT after committing what it has in hand.")

    @OptionGroup var store: StoreOptions
    @Option(help: "How often to look for executions started by other processes, in milliseconds.")
    var pollInterval = 10

    @Option(name: .customLong("amqp-url"), help: "Take StartExecution messages from RabbitMQ and run tasks on `stepline worker`s (amqp://user:pass@host:5672/vhost).")
    var amqpURL: String?

    @Option(help: "A folder of NAME.asl.json definitions to register (or update) on start.")
    var definitions: String?

    @Option(help: "Serve the AWS API (Step Functions and Lambda) on HOST:PORT, e.g. 127.0.0.1:8083 (default: \"api\" in the config file).")
    var api: String?

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            if try storeCall({ () throws(StoreError) in try s.serviceIsAlive(now: WallClock.now()) }) {
                throw CLIFailure("another `stepline serve` is running on '\(try store.db)'")
            }
            let owner = SQLiteExecutionStore.processOwner
            try storeCall { () throws(StoreError) in try s.renewServiceLease(owner: owner, now: WallClock.now()) }
            if let definitions {
                try DefinitionsFolder.register(definitions, in: s) { printError("stepline serve: \($0)") }
            }
            let worker = StoreWorker(s)
            let daemonConfig = try DaemonConfig.load(store.config)
            let log: @Sendable (String) -> Void = { line in printError("stepline serve: \(line)") }
            var broker: AMQPBroker?
            if let amqpURL {
                // The queues of the activities known now; a worker polling a newer one declares its own.
                let activities = try storeCall { () throws(StoreError) in try s.listActivities() }
                broker = try AMQPBroker(
                    url: amqpURL, topology: daemonConfig.topology,
                    extraQueues: activities.map { daemonConfig.topology.activityQueue($0.name) })
            }
            let functionsDirectory = try TaskConfig.functionsDirectory(configPath: store.config, db: try store.db)
            let batches = BatchWaiters()
            // STANDARD map-run children are durable executions of this service, attached below.
            let slot = ServiceSlot()
            let tasks =
                try broker.map {
                    try daemonConfig.daemonTaskRunner(
                        $0, configPath: store.config, waiters: batches, observer: MapRunRecords.observer(worker),
                        service: slot, functionsDirectory: functionsDirectory, log: log)
                }
                ?? TaskConfig.inProcessRunner(
                    configPath: store.config, extra: [], observer: MapRunRecords.observer(worker), service: slot,
                    functionsDirectory: functionsDirectory)
            let dispatcher = broker.map { QueueDispatcher(broker: $0, topology: daemonConfig.topology, log: log) }
            var onFinished: (@Sendable ([FinishedExecution]) async -> Void)?
            let publisher = broker.map {
                StatusPublisher(broker: $0, topology: daemonConfig.topology, worker: worker, log: log)
            }
            if let publisher {
                onFinished = { finished in await publisher.enqueue(finished) }
                // Events of executions that ended before a crash, not yet published.
                await publisher.publishPending()
            }
            let activityQueue = broker.map { BrokerActivityQueue(broker: $0, topology: daemonConfig.topology) }
            let service = DurableService(
                worker: worker, tasks: tasks, dispatcher: dispatcher, activityQueue: activityQueue,
                onFinished: onFinished, log: log)
            slot.attach(service)
            do {
                try await service.recover()
            } catch {
                throw CLIFailure("cannot resume executions: \(error)")
            }
            let stop = StopSignal()
            var consumers: [Task<Void, Never>] = []
            if let broker {
                await broker.connect(log: log)
                let ingress = StartIngress(
                    broker: broker, topology: daemonConfig.topology, rules: daemonConfig.rules, service: service,
                    worker: worker, log: log)
                let results = ResultIngress(
                    broker: broker, topology: daemonConfig.topology, service: service, batches: batches, log: log)
                consumers.append(Task { await Self.keepRunning("start queue", log) { try await ingress.run() } })
                consumers.append(Task { await Self.keepRunning("result queue", log) { try await results.run() } })
                let callbacks = CallbackIngress(
                    broker: broker, topology: daemonConfig.topology, service: service, worker: worker, log: log)
                consumers.append(Task { await Self.keepRunning("callback queue", log) { try await callbacks.run() } })
            }
            if let address = api ?? store.config.flatMap({ ConfigFile.value("api", in: $0)?.stringValue }) {
                let server = try APIEndpoint.start(
                    address, db: try store.db, partition: store.partition, functionsDirectory: functionsDirectory,
                    amqpURL: amqpURL, topology: daemonConfig.topology, log: log)
                let listening = Task { try await server.run() }
                do {
                    try await server.waitUntilListening()
                } catch {
                    listening.cancel()
                    for c in consumers { c.cancel() }
                    // The listener's own failure (the address is in use…) says more than the wait's timeout.
                    var reason = "\(error)"
                    if case .failure(let e) = await listening.result, !(e is CancellationError) { reason = "\(e)" }
                    throw CLIFailure("cannot serve the API on \(address): \(reason)")
                }
                consumers.append(
                    Task {
                        await withTaskCancellationHandler {
                            do {
                                try await listening.value
                            } catch {
                                if !Task.isCancelled { log("API: \(error)") }
                            }
                        } onCancel: {
                            listening.cancel()
                        }
                    })
                log("API on http://\(address) (aws … --endpoint-url http://\(address))")
            }
            let signalSources = stop.install()
            defer { withExtendedLifetime(signalSources) {} }
            printError("stepline serve: running on \((try? store.db) ?? "")")
            var lastLease = WallClock.now()
            var lastRequests = WallClock.now()
            while !stop.isSet {
                let now = WallClock.now()
                do {
                    if now.epochMilliseconds - lastLease.epochMilliseconds >= 1000 {
                        lastLease = now
                        try await worker.run { (st) throws(StoreError) in try st.renewServiceLease(owner: owner, now: now) }
                    }
                    let started = try await service.startPending()
                    if now.epochMilliseconds - lastRequests.epochMilliseconds >= 50 {
                        lastRequests = now
                        try await service.handleRequests()
                    }
                    if started == 0 { try? await Task.sleep(nanoseconds: UInt64(pollInterval) * 1_000_000) }
                } catch {
                    printError("stepline serve: \(error); retrying")
                    try? await Task.sleep(nanoseconds: 500_000_000)
                }
            }
            for c in consumers { c.cancel() }
            await service.drain()
            try? await worker.run { (st) throws(StoreError) in
                try st.renewServiceLease(owner: owner, now: Timestamp(seconds: 0))
            }
            printError("stepline serve: stopped")
        }
    }
}

extension ServeCommand {
    /// Runs a consumer loop again after a failure (the broker went away), until cancelled.
    static func keepRunning(_ what: String, _ log: @Sendable (String) -> Void, _ body: () async throws -> Void) async {
        while !Task.isCancelled {
            do {
                try await body()
            } catch {
                if Task.isCancelled { return }
                log("\(what): \(error); resuming")
            }
            try? await Task.sleep(nanoseconds: 500_000_000)
        }
    }
}

/// Set by SIGTERM or SIGINT.
final class StopSignal: Sendable {
    let flag = Mutex(false)

    var isSet: Bool { flag.withLock { $0 } }

    /// Installs the handlers; the caller keeps the returned sources alive while it runs.
    func install() -> [any DispatchSourceSignal] {
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in flag.withLock { $0 = true } }
            source.resume()
            sources.append(source)
        }
        return sources
    }
}
