import Foundation
import Logging
import ServiceLifecycle
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepSQLite
import StepServe
import StepService
import StepStore
import StepTesting
import Testing

/// `Daemon` end to end on a temporary SQLite file: no broker, the API on 127.0.0.1 (a port the system
/// picks), drained by a graceful shutdown of a `ServiceGroup` as SIGTERM would drain it.
@Suite(.serialized) struct DaemonTests {
    static let waiter = """
        {"StartAt": "Pause", "States": {
          "Pause": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
          "Done": {"Type": "Pass", "Result": {"waited": true}, "End": true}}}
        """

    /// A temporary database and a folder of definitions holding `waiter`.
    final class Fixture {
        let database = TemporaryDatabase()
        var db: String { database.path }

        init() throws {
            let definitions = database.directory + "/definitions"
            try FileManager.default.createDirectory(atPath: definitions, withIntermediateDirectories: true)
            try DaemonTests.waiter.write(toFile: definitions + "/waiter.asl.json", atomically: true, encoding: .utf8)
        }

        func daemon() throws -> Daemon {
            let flags: [String: String?] = [
                "db": db, "definitions": database.directory + "/definitions", "api": "127.0.0.1:0",
                "log.level": "warning", "drain.gracePeriod": "5",
            ]
            return Daemon(settings: try ServiceConfig.load(nil, flags: flags), configPath: nil, flags: flags, noAuth: false)
        }

        /// A store of its own on the file, as another process (`stepline start`) would open it.
        func store() throws -> SQLiteExecutionStore { try SQLiteExecutionStore(path: db) }
    }

    /// A daemon running in a group of its own: `stop()` shuts the group down gracefully and waits for it.
    struct Running {
        let group: ServiceGroup
        let task: Task<Void, any Error>

        init(_ daemon: Daemon) {
            let group = ServiceGroup(services: [daemon], gracefulShutdownSignals: [], logger: Logger(label: "test"))
            self.group = group
            task = Task { try await group.run() }
        }

        func stop() async throws {
            await group.triggerGracefulShutdown()
            try await task.value
        }
    }

    /// Polls `condition` every 10 ms until it holds, or fails the test after `seconds`. Alone a step takes
    /// milliseconds; beside the whole suite, starting a daemon has taken 6 s, hence the generous default.
    static func eventually(
        _ what: String, within seconds: Double = 30, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: () throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("not within \(seconds) s: \(what)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    @Test func drainsCommitsAndReleasesTheLeaseThenASecondDaemonResumes() async throws {
        let fixture = try Fixture()
        let first = Running(try fixture.daemon())
        let s = try fixture.store()
        try await Self.eventually("the daemon holds the lease") { try s.serviceIsAlive(now: WallClock.now()) }
        try await Self.eventually("the definitions folder is registered") { try s.stateMachine(name: "waiter") != nil }

        let started = try ExecutionStarter.start(
            in: s, stateMachine: "waiter", name: "pause", input: "{}", now: WallClock.now())
        try await Self.eventually("the daemon commits the Wait state's timer") {
            try s.timers().contains { $0.executionId == started.id }
        }

        try await first.stop()
        #expect(try s.serviceIsAlive(now: WallClock.now()) == false)
        let reopened = try fixture.store()
        #expect(try reopened.serviceIsAlive(now: WallClock.now()) == false)
        #expect(try reopened.execution(id: started.id)?.status == .running)
        #expect(try reopened.timers().contains { $0.executionId == started.id })

        // The hour passes: the committed timer is due now, for the next daemon to fire.
        try SQLiteConnection(path: fixture.db).run(
            "UPDATE timers SET due_ms = 0 WHERE execution_id = ?", .integer(started.id))
        let second = Running(try fixture.daemon())
        try await Self.eventually("the second daemon finishes the execution") {
            try reopened.execution(id: started.id)?.status != .running
        }
        let done = try #require(try reopened.execution(id: started.id))
        #expect(done.status == .succeeded)
        #expect(try JSON(parsing: done.output ?? "null") == ["waited": true])
        try await second.stop()
        #expect(try reopened.serviceIsAlive(now: WallClock.now()) == false)
    }

    @Test func aSecondDaemonOnAServedFileIsRefused() async throws {
        let fixture = try Fixture()
        let first = Running(try fixture.daemon())
        let s = try fixture.store()
        try await Self.eventually("the daemon holds the lease") { try s.serviceIsAlive(now: WallClock.now()) }

        let refused = await #expect(throws: CLIFailure.self) { try await fixture.daemon().run() }
        #expect(refused?.message == "another `stepline serve` is running on '\(fixture.db)'")
        // The refused daemon left the running one's lease alone.
        #expect(try s.serviceIsAlive(now: WallClock.now()))

        try await first.stop()
        #expect(try s.serviceIsAlive(now: WallClock.now()) == false)
    }
}
