import CoreMetrics
import Foundation
import Logging
import StepDaemon
import StepJSON
import StepOperations
import StepService
import StepStore
import Synchronization

/// What `GET /status` answers and `stepline status` prints: a snapshot the sampler refreshes every few
/// seconds (so a status request never waits on the database), plus what is known at once.
final class ServiceStatus: Sendable {
    struct Snapshot: Sendable {
        var counts = OperationalCounts()
        var brokerConnected = false
        var reconnects = 0
        var openInMemory = 0
        var timersLive = 0
        var tasksInHand = 0
        var jobsInFlight = 0
        var sampledAt: Date?
        var databaseBytes: Int64 = 0
        var databaseError: String?
    }

    let role: String
    let database: String?
    let brokerConfigured: Bool
    let logs: LogLevelControl
    let roster: WorkerRoster?
    let started = Date()
    let ready = Atomic<Bool>(false)
    let snapshot = Mutex(Snapshot())
    /// Filled by a worker: its own name, concurrency and jobs in hand.
    let workerInfo = Mutex<JSONObject?>(nil)

    static let executions = Gauge(label: "stepline_executions_open")
    static let timers = Gauge(label: "stepline_timers_pending")
    static let tasks = Gauge(label: "stepline_tasks_pending")
    static let jobs = Gauge(label: "stepline_jobs_in_flight")
    static let inHand = Gauge(label: "stepline_tasks_in_hand")
    static let workers = Gauge(label: "stepline_workers_seen")
    static let connected = Gauge(label: "stepline_broker_connected")
    static let databaseSize = Gauge(label: "stepline_database_size_bytes")
    static let up = Gauge(label: "stepline_up")
    static let logger = Logger(label: "stepline.broker")

    init(role: String, database: String?, brokerConfigured: Bool, logs: LogLevelControl, roster: WorkerRoster?) {
        self.role = role
        self.database = database
        self.brokerConfigured = brokerConfigured
        self.logs = logs
        self.roster = roster
    }

    let stopping = Atomic<Bool>(false)

    /// Draining: the status line says so and is no longer overwritten.
    func markStopping() {
        stopping.store(true, ordering: .releasing)
        Self.up.record(0)
    }

    func markReady() {
        ready.store(true, ordering: .releasing)
        Self.up.record(1)
    }

    /// Reads the counts from the store and the service, updates the gauges and systemd's STATUS= line.
    func sample(worker: StoreWorker, service: DurableService, broker: (any MessageBroker)?, notifier: SystemdNotifier) async {
        var s = snapshot.withLock { $0 }
        do {
            s.counts = try await worker.run { (st) throws(StoreError) in
                guard let sqlite = st as? SQLiteExecutionStore else { return OperationalCounts() }
                return try sqlite.operationalCounts()
            }
            s.databaseError = nil
        } catch {
            s.databaseError = "\(error)"
        }
        s.openInMemory = await service.openCount
        s.timersLive = await service.timerCount
        s.tasksInHand = await service.tasksInHand
        s.jobsInFlight = await service.jobsInFlight
        await sampleBroker(broker, into: &s)
        if let database { s.databaseBytes = Self.fileSize(database) + Self.fileSize(database + "-wal") }
        s.sampledAt = Date()
        snapshot.withLock { $0 = s }
        let open = s.counts.executionsByStatus["RUNNING"] ?? 0
        Self.executions.record(open)
        Self.timers.record(s.counts.timersPending)
        Self.tasks.record(s.counts.tasksPending)
        Self.jobs.record(s.jobsInFlight)
        Self.inHand.record(s.tasksInHand)
        Self.workers.record(roster?.recent().count ?? 0)
        Self.databaseSize.record(s.databaseBytes)
        var line = "ready: \(open) open executions, \(s.counts.timersPending) timers, \(s.jobsInFlight) jobs on workers"
        if brokerConfigured { line += s.brokerConnected ? ", broker connected" : ", broker DISCONNECTED" }
        if s.databaseError != nil { line += ", database FAILING" }
        if !stopping.load(ordering: .acquiring) { notifier.status(line) }
    }

    func sampleBroker(_ broker: (any MessageBroker)?, into s: inout Snapshot) async {
        guard let broker else { return }
        let health = await broker.health()
        if health.reconnects > s.reconnects {
            DaemonMetrics.brokerReconnects.increment(by: health.reconnects - s.reconnects)
            Self.logger.notice("broker reconnected", metadata: ["reconnects": "\(health.reconnects)"])
        }
        if !health.connected && s.brokerConnected { Self.logger.warning("broker connection lost; reconnecting") }
        s.reconnects = health.reconnects
        s.brokerConnected = health.connected
        Self.connected.record(health.connected ? 1 : 0)
    }

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// The status as JSON: `stepline status --json` prints it as it comes.
    func json() -> JSON {
        let s = snapshot.withLock { $0 }
        var o = JSONObject()
        o["role"] = .string(role)
        o["version"] = .string(SteplineVersion.current)
        o["pid"] = .int(Int(getpid()))
        o["ready"] = .bool(ready.load(ordering: .acquiring) && !stopping.load(ordering: .acquiring))
        o["draining"] = .bool(stopping.load(ordering: .acquiring))
        o["startedAt"] = .string(Self.iso(started))
        o["uptimeSeconds"] = .int(Int(Date().timeIntervalSince(started)))
        if let database {
            o["database"] = [
                "path": .string(database), "sizeBytes": .int(Int(s.databaseBytes)),
                "error": s.databaseError.map(JSON.string) ?? .null,
            ]
            var byStatus = JSONObject()
            for (k, v) in s.counts.executionsByStatus.sorted(by: { $0.key < $1.key }) { byStatus[k] = .int(v) }
            o["executions"] = .object(byStatus)
            o["timersPending"] = .int(s.counts.timersPending)
            o["tasksPending"] = .int(s.counts.tasksPending)
            o["tasksInHand"] = .int(s.tasksInHand)
            o["jobsInFlight"] = .int(s.jobsInFlight)
        }
        o["broker"] =
            brokerConfigured
            ? ["connected": .bool(s.brokerConnected), "reconnects": .int(s.reconnects)] : .null
        if let roster {
            o["workers"] = .array(
                roster.recent().map { w in
                    [
                        "name": .string(w.name), "lastSeen": .string(Self.iso(w.lastSeen)), "jobsInFlight": .int(w.jobsInFlight),
                        "concurrency": .int(w.concurrency), "answers": .int(w.answers),
                    ]
                })
        }
        if let info = workerInfo.withLock({ $0 }) { o["worker"] = .object(info) }
        if let p = logs.lastProblem {
            o["lastError"] = ["time": .string(Self.iso(p.time)), "message": .string(p.message)]
        } else {
            o["lastError"] = .null
        }
        o["sampledAt"] = s.sampledAt.map { .string(Self.iso($0)) } ?? .null
        return .object(o)
    }

    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}
