import Foundation
import Testing
@testable import StepSQLite

private struct Boom: Error, Equatable {}

@Suite struct TransactionTests {
    private func open() throws -> (TempDirectory, SQLiteConnection) {
        let dir = try TempDirectory()
        let db = try SQLiteConnection(path: dir.path("t.db"))
        try db.execute("CREATE TABLE t(x INTEGER UNIQUE)")
        return (dir, db)
    }

    @Test func commits() throws {
        let (dir, db) = try open()
        let value = try db.transaction {
            #expect(db.isInTransaction)
            try db.run("INSERT INTO t VALUES(1)")
            try db.run("INSERT INTO t VALUES(2)")
            return "done"
        }
        #expect(value == "done")
        #expect(!db.isInTransaction)
        let other = try SQLiteConnection(path: dir.path("t.db"))
        #expect(try other.integer("SELECT sum(x) FROM t") == 3)
    }

    @Test func rollsBackWhenTheBodyThrows() throws {
        let (_, db) = try open()
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES(1)")
                throw Boom()
            }
        }
        #expect(!db.isInTransaction)
        #expect(try db.integer("SELECT count(*) FROM t") == 0)
        // A failing statement inside rolls back the earlier ones too and its error comes out.
        let error = sqliteError {
            try db.transaction {
                try db.run("INSERT INTO t VALUES(5)")
                try db.run("INSERT INTO t VALUES(5)")
            }
        }
        #expect(error?.isConstraint == true)
        #expect(try db.integer("SELECT count(*) FROM t") == 0)
        // And the connection goes on working.
        try db.transaction { try db.run("INSERT INTO t VALUES(6)") }
        #expect(try db.integer("SELECT count(*) FROM t") == 1)
    }

    @Test func nestedTransactionsAreSavepoints() throws {
        let (_, db) = try open()
        try db.transaction {
            try db.run("INSERT INTO t VALUES(1)")
            #expect(throws: Boom.self) {
                try db.transaction {
                    try db.run("INSERT INTO t VALUES(2)")
                    throw Boom()
                }
            }
            try db.transaction { try db.run("INSERT INTO t VALUES(3)") }
        }
        #expect(try db.query("SELECT x FROM t ORDER BY x").map { $0[0] } == [1, 3])
    }

    @Test func immediateTakesTheWriteLockAtOnce() throws {
        let (dir, db) = try open()
        let other = try SQLiteConnection(path: dir.path("t.db"), options: .init(busyTimeout: .zero))
        try db.transaction(.immediate) { () throws -> Void in
            // No write yet, but the lock is held: the other writer is refused, readers are not.
            let error = sqliteError { try other.transaction(.immediate) {} }
            #expect(error?.isBusy == true)
            #expect(try other.integer("SELECT count(*) FROM t") == 0)
        }
        try db.transaction(.deferred) {
            try other.transaction(.immediate) { try other.run("INSERT INTO t VALUES(9)") }
        }
        #expect(try db.integer("SELECT count(*) FROM t") == 1)
    }

    @Test func busyTimeoutGivesUpWithABusyError() throws {
        let dir = try TempDirectory()
        let path = dir.path("busy.db")
        let holder = try SQLiteConnection(path: path)
        try holder.execute("CREATE TABLE t(x)")
        let waiter = try SQLiteConnection(path: path, options: .init(busyTimeout: .milliseconds(300)))
        try holder.execute("BEGIN IMMEDIATE; INSERT INTO t VALUES(1);")
        let clock = ContinuousClock()
        let start = clock.now
        let error = sqliteError { try waiter.transaction { try waiter.run("INSERT INTO t VALUES(2)") } }
        let waited = clock.now - start
        #expect(error?.isBusy == true)
        #expect(waited >= .milliseconds(250), "gave up after \(waited), before the timeout")
        #expect(waited < .seconds(5), "waited \(waited)")
        #expect(!waiter.isInTransaction)
        // Once the lock is released the same connection writes.
        try holder.execute("COMMIT")
        try waiter.transaction { try waiter.run("INSERT INTO t VALUES(2)") }
        #expect(try holder.integer("SELECT count(*) FROM t") == 2)
    }
}
