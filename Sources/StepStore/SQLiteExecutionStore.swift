import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepSQLite
import StepService

/// The store port over one SQLite file: WAL mode, prepared statements reused, `BEGIN IMMEDIATE`
/// transactions, a busy timeout, and migrations applied on open. Several processes may open the same
/// file; SQLite's locking keeps them consistent.
public final class SQLiteExecutionStore: ExecutionStore {
    let db: SQLiteConnection
    let region: String
    let account: String
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(
        path: String, synchronous: SQLiteConnection.Options.Synchronous = .normal, busyTimeout: Duration = .seconds(5),
        readOnly: Bool = false, region: String = "us-east-1", account: String = "111111111111"
    ) throws(StoreError) {
        self.region = region
        self.account = account
        do {
            var options = SQLiteConnection.Options()
            options.synchronous = synchronous
            options.busyTimeout = busyTimeout
            if readOnly { options.mode = .readOnly }
            db = try SQLiteConnection(path: path, options: options)
        } catch {
            throw Self.storeError(error)
        }
        if !readOnly {
            do {
                _ = try Schema.migrations.migrate(db)
            } catch let e as SQLiteError {
                throw Self.storeError(e)
            } catch {
                throw StoreError(.storage, "cannot migrate the database: \(error)")
            }
        }
    }

    /// Maps SQLite's failures to the store's codes.
    static func storeError(_ e: SQLiteError) -> StoreError {
        if e.isBusy { return StoreError(.locked, "the database is locked: \(e.message)") }
        if e.isReadOnly { return StoreError(.readOnly, "the database is read-only: \(e.message)") }
        if e.isCorrupt { return StoreError(.corrupt, "the database file is corrupt or not a database: \(e.message)") }
        if e.isFull { return StoreError(.diskFull, "the disk is full: \(e.message)") }
        if e.isConstraint { return StoreError(.constraint, e.description) }
        return StoreError(.storage, e.description)
    }

    /// Runs `body`, mapping SQLite errors.
    func sql<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let e as StoreError {
            throw e
        } catch let e as SQLiteError {
            throw Self.storeError(e)
        } catch {
            throw StoreError(.storage, "\(error)")
        }
    }

    func write<T>(_ body: () throws -> T) throws(StoreError) -> T {
        try sql { try db.transaction(.immediate) { try body() } }
    }

    func ms(_ t: Timestamp) -> Int64 { Int64(t.epochMilliseconds) }
    func ts(_ v: Int64) -> Timestamp { Timestamp(epochMilliseconds: Int(v)) }

    var arnPrefix: String { "arn:aws:states:\(region):\(account)" }

    // MARK: Lease

    /// A lease renewed within 5 s, unless its owner is a process of this host that no longer exists.
    public func serviceIsAlive(now: Timestamp) throws(StoreError) -> Bool {
        try sql {
            let rows = try db.cachedStatement("SELECT renewed_ms, owner FROM service_lease WHERE id = 1").query()
            guard let renewed = rows.first?[0].int64Value, renewed > ms(now) - 5_000 else { return false }
            if let owner = rows.first?[1].stringValue, let pid = Self.localProcess(owner) {
                return Self.processExists(pid)
            }
            return true
        }
    }

    /// The owner string of this process: `host:pid`.
    public static var processOwner: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Whether a process of this host is alive (a zombie left by a killed service is not).
    static func processExists(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno != ESRCH else { return false }
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            let rest = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces)
            if rest.hasPrefix("Z") || rest.hasPrefix("X") { return false }
        }
        return true
    }

    /// The process id of an owner on this host.
    static func localProcess(_ owner: String) -> pid_t? {
        guard let colon = owner.lastIndex(of: ":"), owner[..<colon] == ProcessInfo.processInfo.hostName else {
            return nil
        }
        return pid_t(owner[owner.index(after: colon)...])
    }

    public func renewServiceLease(owner: String, now: Timestamp) throws(StoreError) {
        try write {
            try db.cachedStatement(
                "INSERT INTO service_lease (id, owner, renewed_ms) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, renewed_ms = excluded.renewed_ms"
            ).run(.text(owner), .integer(ms(now)))
        }
    }

    // MARK: Requests

    public func enqueueRequest(executionId: Int64, kind: ControlRequest.Kind, error: String?, cause: String?) throws(StoreError) {
        try write {
            try db.cachedStatement("INSERT INTO requests (execution_id, kind, error, cause) VALUES (?, ?, ?, ?)")
                .run(.integer(executionId), .text(kind.rawValue), SQLiteValue(error), SQLiteValue(cause))
        }
    }

    public func enqueueTaskCallback(
        executionId: Int64, task: Int, kind: ControlRequest.Kind, output: String?, error: String?, cause: String?
    ) throws(StoreError) {
        try write {
            try db.cachedStatement(
                "INSERT INTO requests (execution_id, kind, error, cause, task, output) VALUES (?, ?, ?, ?, ?, ?)"
            ).run(
                .integer(executionId), .text(kind.rawValue), SQLiteValue(error), SQLiteValue(cause),
                .integer(Int64(task)), SQLiteValue(output))
        }
    }

    public func task(token: String) throws(StoreError) -> (executionId: Int64, task: Int)? {
        try sql {
            guard
                let row = try db.cachedStatement("SELECT execution_id, task FROM tasks WHERE token = ?")
                    .query(.text(token)).first, let e = row[0].int64Value, let t = row[1].intValue
            else { return nil }
            return (e, t)
        }
    }

    public func requests() throws(StoreError) -> [ControlRequest] {
        try sql {
            try db.cachedStatement(
                "SELECT id, execution_id, kind, error, cause, task, output, worker FROM requests ORDER BY id"
            ).query().compactMap { row in
                guard let id = row[0].int64Value, let e = row[1].int64Value,
                    let kind = row[2].stringValue.flatMap(ControlRequest.Kind.init(rawValue:))
                else { return nil }
                return ControlRequest(
                    id: id, executionId: e, kind: kind, error: row[3].stringValue, cause: row[4].stringValue,
                    task: row[5].intValue, output: row[6].stringValue, workerName: row[7].stringValue)
            }
        }
    }

    public func deleteRequest(id: Int64) throws(StoreError) {
        try write { try db.cachedStatement("DELETE FROM requests WHERE id = ?").run(.integer(id)) }
    }
}
