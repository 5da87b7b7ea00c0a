import Foundation
import Testing
@testable import StepSQLite

@Suite struct StatementTests {
    static let texts = ["", "plain", "héllo wörld", "😀 emoji 👨‍👩‍👧 family", "中文テキスト", "nul\u{0}inside\u{0}", "\u{0}", "quote ' \" ; --"]
    static let integers: [Int64] = [0, 1, -1, 42, Int64(Int32.max) + 1, Int64.max, Int64.min, 9_007_199_254_740_993]
    static let doubles: [Double] = [0, -0.0, 1.5, -2.25, .pi, 1e308, -1e-308, .infinity, -.infinity, .leastNonzeroMagnitude]

    private func table() throws -> (TempDirectory, SQLiteConnection) {
        let dir = try TempDirectory()
        let db = try SQLiteConnection(path: dir.path("s.db"))
        try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v ANY) STRICT")
        return (dir, db)
    }

    @Test func roundTripsEveryType() throws {
        let (_, db) = try table()
        let insert = try db.prepare("INSERT INTO t(v) VALUES(?)")
        var expected: [SQLiteValue] = [.null, .blob([]), .blob(Array(0...255)), .blob([0, 0, 0])]
        expected += Self.texts.map { .text($0) } + Self.integers.map { .integer($0) } + Self.doubles.map { .real($0) }
        for value in expected { try insert.run(value) }
        let rows = try db.query("SELECT v, typeof(v) FROM t ORDER BY id")
        #expect(rows.map { $0[0] } == expected)
        // An empty blob stays a blob and an empty text stays text: neither turns into NULL.
        #expect(rows[1][1] == "blob")
        #expect(rows[4][1] == "text")
        #expect(rows[0][1] == "null")
    }

    @Test func typedBindsAndGetters() throws {
        let (_, db) = try table()
        try db.execute("CREATE TABLE w(i INTEGER, i64 INTEGER, d REAL, s TEXT, b BLOB, n TEXT)")
        let insert = try db.prepare("INSERT INTO w VALUES(?, ?, ?, ?, ?, ?)")
        for (n, text) in Self.texts.enumerated() {
            try insert.bind(n, at: 1)
            try insert.bind(Self.integers[n], at: 2)
            try insert.bind(Self.doubles[n], at: 3)
            try insert.bind(text, at: 4)
            try insert.bind(Array(text.utf8) + [0, 255], at: 5)
            try insert.bindNull(at: 6)
            try insert.run()
        }
        let select = try db.prepare("SELECT i, i64, d, s, b, n FROM w ORDER BY i")
        var n = 0
        while try select.step() {
            #expect(select.columnCount == 6)
            #expect(select.int(0) == n)
            #expect(select.int64(1) == Self.integers[n])
            #expect(select.double(2) == Self.doubles[n])
            // SQLite stores a whole REAL as an integer on disk, so -0.0 comes back as 0.0: that is SQLite's.
            #expect(select.double(2).sign == Self.doubles[n].sign || Self.doubles[n] == 0)
            #expect(select.text(3) == Self.texts[n])
            #expect(select.text(3).utf8.count == Self.texts[n].utf8.count)
            #expect(select.blob(4) == Array(Self.texts[n].utf8) + [0, 255])
            #expect(select.withBlob(4) { $0.count } == Self.texts[n].utf8.count + 2)
            #expect(select.isNull(5) && !select.isNull(3))
            #expect(select.value(5) == .null)
            #expect(select.isNull(99) && select.int(99) == 0 && select.text(-1) == "")  // out of range
            n += 1
        }
        select.reset()
        #expect(n == Self.texts.count)
        #expect(select.columnNames == ["i", "i64", "d", "s", "b", "n"])
    }

    @Test func largeValues() throws {
        let (_, db) = try table()
        let big = String(repeating: "ü😀x", count: 300_000)  // ~2.4 MB of UTF-8
        let blob = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try db.run("INSERT INTO t(v) VALUES(?)", .text(big))
        try db.run("INSERT INTO t(v) VALUES(?)", .blob(blob))
        let rows = try db.query("SELECT v FROM t ORDER BY id")
        #expect(rows[0][0].stringValue == big)
        #expect(rows[1][0].blobValue == blob)
    }

    @Test func bridgedAndSubstringTextBinds() throws {
        let (_, db) = try table()
        let bridged = NSString(string: "bridged ✓ text") as String
        let sliced = String("xx sliced yy".dropFirst(3).dropLast(3))
        try db.run("INSERT INTO t(v) VALUES(?)", .text(bridged))
        try db.run("INSERT INTO t(v) VALUES(?)", .text(sliced))
        #expect(try db.query("SELECT v FROM t ORDER BY id").map { $0[0] } == [.text("bridged ✓ text"), .text("sliced")])
    }

    @Test func namedParametersAndRows() throws {
        let (_, db) = try table()
        let insert = try db.prepare("INSERT INTO t(id, v) VALUES(:id, :v)")
        #expect(insert.parameterCount == 2)
        let id = try #require(insert.parameterIndex(":id"))
        let v = try #require(insert.parameterIndex(":v"))
        #expect(insert.parameterIndex(":nope") == nil)
        try insert.bind(7, at: id)
        try insert.bind("seven", at: v)
        try insert.run()
        #expect(db.lastInsertRowID == 7)
        #expect(db.changes == 1)
        let rows = try db.query("SELECT id AS key, v FROM t WHERE id = ?", 7)
        #expect(rows.count == 1)
        #expect(rows[0]["key"] == 7 && rows[0]["v"] == "seven" && rows[0]["missing"] == .null)
        #expect(rows[0].columns == ["key", "v"])
        #expect(try db.query("SELECT v FROM t WHERE id = ?", 8).isEmpty)
    }

    @Test func wrongUseIsAnErrorNotACrash() throws {
        let (_, db) = try table()
        let insert = try db.prepare("INSERT INTO t(v) VALUES(?)")
        #expect(sqliteError { try insert.run(1, 2) }?.isMisuse == true)
        #expect(sqliteError { try insert.bind(1, at: 2) }?.isMisuse == true)  // SQLITE_RANGE
        #expect(sqliteError { try insert.bind(1, at: 0) }?.isMisuse == true)
        #expect(sqliteError { try insert.bind(1, at: Int.max) }?.isMisuse == true)
        #expect(sqliteError { _ = try db.prepare("SELECT 1; SELECT 2") }?.isMisuse == true)
        #expect(sqliteError { _ = try db.prepare("") }?.isMisuse == true)
        #expect(sqliteError { _ = try db.prepare("-- only a comment") }?.isMisuse == true)
        let syntax = sqliteError { _ = try db.prepare("SELEKT 1") }
        #expect(syntax?.code == 1 && syntax?.sql == "SELEKT 1")
        #expect(sqliteError { _ = try db.prepare("SELECT * FROM nowhere") }?.message.contains("nowhere") == true)
        // Trailing semicolons, blanks and comments are one statement.
        #expect(try db.prepare("SELECT 1;  \n ;").query().count == 1)
        #expect(try db.prepare("SELECT 1; -- done").query().count == 1)
    }

    @Test func resetKeepsBindingsAndClearBindingsDropsThem() throws {
        let (_, db) = try table()
        let insert = try db.prepare("INSERT INTO t(v) VALUES(?)")
        try insert.bind("kept", at: 1)
        try insert.run()
        try insert.run()  // same binding again
        insert.clearBindings()
        try insert.run()
        #expect(try db.query("SELECT v FROM t ORDER BY id").map { $0[0] } == ["kept", "kept", nil])
        let select = try db.prepare("SELECT v FROM t ORDER BY id")
        #expect(try select.step())
        select.reset()  // rewinds: the first row again
        #expect(try select.step() && select.text(0) == "kept")
        #expect(try select.scalar() == "kept")
    }

    @Test func statementCacheReusesStatements() throws {
        let (_, db) = try table()
        let sql = "INSERT INTO t(v) VALUES(?)"
        let first = try db.cachedStatement(sql)
        let count = db.cachedStatementCount
        for i in 0..<100 { try db.cachedStatement(sql).run(.integer(Int64(i))) }
        #expect(try db.cachedStatement(sql) === first)
        #expect(db.cachedStatementCount == count)
        #expect(try db.integer("SELECT count(*) FROM t") == 100)
        // A schema change is picked up by the same statement (SQLite prepares it again itself).
        let all = try db.cachedStatement("SELECT * FROM t LIMIT 1")
        #expect(try all.query()[0].count == 2)
        try db.execute("ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'x'")
        #expect(try db.cachedStatement("SELECT * FROM t LIMIT 1") === all)
        #expect(try all.query()[0].values.last == "x")
    }

    @Test func statementCacheHasACapacity() throws {
        let dir = try TempDirectory()
        let db = try SQLiteConnection(path: dir.path("cap.db"), options: .init(statementCacheCapacity: 4))
        let kept = try db.cachedStatement("SELECT 0")
        for i in 1...10 { _ = try db.cachedStatement("SELECT \(i)") }
        #expect(db.cachedStatementCount <= 4)
        #expect(try kept.scalar() == 0)  // still valid though evicted
        #expect(try db.cachedStatement("SELECT 0") !== kept)
    }

    @Test func valueLiteralsAndAccessors() {
        let values: [SQLiteValue] = [nil, 1, 2.5, "s", true, false, .blob([1])]
        #expect(values == [.null, .integer(1), .real(2.5), .text("s"), .integer(1), .integer(0), .blob([1])])
        #expect(values[1].intValue == 1 && values[1].doubleValue == 1 && values[1].stringValue == nil)
        #expect(SQLiteValue(nil as String?) == .null && SQLiteValue(Optional(3)) == 3)
        #expect(values[6].blobValue == [1] && values[0].isNull)
    }
}
