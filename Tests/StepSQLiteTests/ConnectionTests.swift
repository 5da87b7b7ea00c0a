import Foundation
import Testing
@testable import StepSQLite

@Suite struct ConnectionTests {
    @Test func opensFileInWALWithPragmas() throws {
        let dir = try TempDirectory()
        let path = dir.path("a.db")
        let db = try SQLiteConnection(path: path, options: .init(busyTimeout: .milliseconds(1234)))
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try db.journalMode() == "wal")
        #expect(try db.integer("PRAGMA synchronous") == 1)  // NORMAL
        #expect(try db.integer("PRAGMA foreign_keys") == 1)
        #expect(try db.integer("PRAGMA busy_timeout") == 1234)
        // WAL is recorded in the file: a second connection sees it without asking.
        let other = try SQLiteConnection(path: path, options: .init(mode: .readOnly))
        #expect(try other.journalMode() == "wal")
    }

    @Test func synchronousFullOption() throws {
        let dir = try TempDirectory()
        let db = try SQLiteConnection(path: dir.path("f.db"), options: .init(synchronous: .full))
        #expect(try db.integer("PRAGMA synchronous") == 2)
    }

    @Test func foreignKeysAreEnforced() throws {
        let dir = try TempDirectory()
        let db = try SQLiteConnection(path: dir.path("fk.db"))
        try db.execute(
            """
            CREATE TABLE parent(id INTEGER PRIMARY KEY);
            CREATE TABLE child(id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES parent(id));
            """)
        let error = sqliteError { try db.run("INSERT INTO child(parent) VALUES(?)", 42) }
        #expect(error?.isConstraint == true)
        #expect(error?.sql == "INSERT INTO child(parent) VALUES(?)")
    }

    @Test func missingDirectoryFailsToOpen() throws {
        let dir = try TempDirectory()
        let error = sqliteError { _ = try SQLiteConnection(path: dir.path("no/such/dir/x.db")) }
        #expect(error?.code == 14)  // SQLITE_CANTOPEN
        #expect(error?.message.contains("no/such/dir") == true)
    }

    @Test func readOnlyRefusesWrites() throws {
        let dir = try TempDirectory()
        let path = dir.path("ro.db")
        do {
            let db = try SQLiteConnection(path: path)
            try db.execute("CREATE TABLE t(x); INSERT INTO t VALUES(1);")
        }
        let ro = try SQLiteConnection(path: path, options: .init(mode: .readOnly))
        #expect(try ro.integer("SELECT x FROM t") == 1)
        let error = sqliteError { try ro.run("INSERT INTO t VALUES(2)") }
        #expect(error?.isReadOnly == true)
        let txError = sqliteError { try ro.transaction { try ro.run("DELETE FROM t") } }
        #expect(txError?.isReadOnly == true)
        #expect(!ro.isInTransaction)
        #expect(try ro.integer("SELECT count(*) FROM t") == 1)
    }

    @Test func readOnlyOfMissingFileFails() throws {
        let dir = try TempDirectory()
        let error = sqliteError { _ = try SQLiteConnection(path: dir.path("none.db"), options: .init(mode: .readOnly)) }
        #expect(error?.code == 14)
        #expect(!FileManager.default.fileExists(atPath: dir.path("none.db")))
    }

    @Test func garbageFileIsNotADatabase() throws {
        let dir = try TempDirectory()
        let path = dir.path("garbage.db")
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = sqliteError { _ = try SQLiteConnection(path: path) }
        #expect(error?.isCorrupt == true)
        #expect(error?.isNotADatabase == true)
        let roError = sqliteError { _ = try SQLiteConnection(path: path, options: .init(mode: .readOnly)) }
        #expect(roError?.isCorrupt == true)
    }

    @Test func damagedPagesAreCorruptNotACrash() throws {
        let dir = try TempDirectory()
        let path = dir.path("damaged.db")
        do {
            let db = try SQLiteConnection(path: path)
            try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t(v);")
            try db.transaction {
                let insert = try db.cachedStatement("INSERT INTO t(v) VALUES(?)")
                for i in 0..<2000 { try insert.run(.text(String(repeating: "row \(i) ", count: 20))) }
            }
        }  // the last connection checkpoints the log into the file and removes it
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: 4096)  // keep page 1 (header and schema), smash the rest
        try handle.write(contentsOf: Data(repeating: 0xAB, count: 64 * 4096))
        try handle.close()
        let error = sqliteError {
            let db = try SQLiteConnection(path: path)
            _ = try db.query("SELECT count(*), sum(length(v)) FROM t")
            _ = try db.query("SELECT v FROM t ORDER BY v")
        }
        #expect(error?.isCorrupt == true)
    }

    @Test func closedConnectionRefusesWork() throws {
        let dir = try TempDirectory()
        let db = try SQLiteConnection(path: dir.path("c.db"))
        try db.execute("CREATE TABLE t(x)")
        let held = try db.prepare("INSERT INTO t VALUES(?)")
        _ = try db.cachedStatement("SELECT x FROM t")
        try db.close()
        try db.close()  // again: nothing to do
        #expect(db.isClosed)
        #expect(db.cachedStatementCount == 0)
        #expect(sqliteError { try held.run(1) }?.isMisuse == true)
        #expect(sqliteError { try db.execute("SELECT 1") }?.isMisuse == true)
        #expect(sqliteError { _ = try db.prepare("SELECT 1") }?.isMisuse == true)
        #expect(db.lastInsertRowID == 0)
    }

    @Test func errorsDescribeThemselves() throws {
        let dir = try TempDirectory()
        let db = try SQLiteConnection(path: dir.path("e.db"))
        let error = sqliteError { try db.execute("CREATE TABLE t(x); SELEC 1;") }
        #expect(error?.code == 1)
        #expect(error?.message.contains("syntax error") == true)
        #expect(error?.description.contains("SELEC") == true)
        // The first statement of the script ran.
        #expect(try db.query("SELECT count(*) FROM t").count == 1)
    }
}
