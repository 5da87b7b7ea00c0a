import Foundation
import Testing
@testable import StepSQLite

@Suite struct MigratorTests {
    static let v1 = SQLiteMigration(version: 1, sql: "CREATE TABLE executions(id INTEGER PRIMARY KEY, name TEXT NOT NULL);")
    static let v2 = SQLiteMigration(
        version: 2,
        sql: """
            CREATE TABLE events(execution INTEGER NOT NULL REFERENCES executions(id), n INTEGER NOT NULL,
                                payload TEXT NOT NULL, PRIMARY KEY(execution, n));
            CREATE INDEX executions_name ON executions(name);
            """)

    @Test func appliesOnceAndSkipsOnReopen() throws {
        let dir = try TempDirectory()
        let path = dir.path("m.db")
        do {
            let db = try SQLiteConnection(path: path)
            #expect(try SQLiteMigrator.version(of: db) == 0)
            #expect(try SQLiteMigrator([Self.v1, Self.v2]).migrate(db) == [1, 2])
            #expect(try SQLiteMigrator.version(of: db) == 2)
            try db.run("INSERT INTO executions(name) VALUES('a')")
        }
        do {
            let db = try SQLiteConnection(path: path)
            #expect(try SQLiteMigrator([Self.v1, Self.v2]).migrate(db) == [])
            #expect(try db.integer("SELECT count(*) FROM executions") == 1)  // not recreated
            let v3 = SQLiteMigration(version: 3, sql: "ALTER TABLE executions ADD COLUMN status TEXT;")
            #expect(try SQLiteMigrator([Self.v1, Self.v2, v3]).migrate(db) == [3])
            #expect(try SQLiteMigrator.version(of: db) == 3)
        }
    }

    @Test func refusesANewerDatabase() throws {
        let dir = try TempDirectory()
        let db = try SQLiteConnection(path: dir.path("new.db"))
        try SQLiteMigrator([Self.v1, Self.v2]).migrate(db)
        try db.execute("PRAGMA user_version = 7")
        #expect(throws: SQLiteMigrationError.databaseNewerThanCode(databaseVersion: 7, codeVersion: 1)) {
            try SQLiteMigrator([Self.v1]).migrate(db)
        }
        #expect(try SQLiteMigrator.version(of: db) == 7)
        #expect(!db.isInTransaction)
        let text = String(describing: SQLiteMigrationError.databaseNewerThanCode(databaseVersion: 7, codeVersion: 1))
        #expect(text.contains("newer"))
    }

    @Test func aFailingMigrationRollsBackAlone() throws {
        let dir = try TempDirectory()
        let db = try SQLiteConnection(path: dir.path("fail.db"))
        let bad = SQLiteMigration(version: 3, sql: "CREATE TABLE half(x); CREATE TABLE executions(y);")
        let error = sqliteError { try SQLiteMigrator([Self.v1, Self.v2, bad]).migrate(db) }
        #expect(error?.message.contains("already exists") == true)
        #expect(try SQLiteMigrator.version(of: db) == 2)
        #expect(try db.query("SELECT name FROM sqlite_schema WHERE name = 'half'").isEmpty)
    }

    @Test func refusesAnUnorderedList() throws {
        let dir = try TempDirectory()
        let db = try SQLiteConnection(path: dir.path("order.db"))
        #expect(throws: SQLiteMigrationError.self) { try SQLiteMigrator([Self.v2, Self.v1]).migrate(db) }
        #expect(throws: SQLiteMigrationError.self) {
            try SQLiteMigrator([SQLiteMigration(version: 0, sql: "")]).migrate(db)
        }
        #expect(try SQLiteMigrator.version(of: db) == 0)
        #expect(try SQLiteMigrator([]).migrate(db) == [])
    }
}
