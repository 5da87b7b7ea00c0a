import StepSQLite
import Testing

@Suite struct SelectColumnsTests {
    enum Columns: Int, SelectColumns {
        case id, stateMachineArn, startMs
    }

    @Test func theSelectListIsTheCasesInSnakeCaseInOrder() {
        #expect(Columns.selectList == "id, state_machine_arn, start_ms")
    }

    @Test func aRowIsReadByColumnName() throws {
        let db = try SQLiteConnection(path: ":memory:")
        try db.execute("CREATE TABLE t (id INTEGER, state_machine_arn TEXT, start_ms INTEGER, other TEXT)")
        try db.execute("INSERT INTO t VALUES (7, 'arn:x', 1234, 'o')")
        let row = try #require(try db.query("SELECT \(Columns.selectList) FROM t").first)
        #expect(row[Columns.id].int64Value == 7)
        #expect(row[Columns.stateMachineArn].stringValue == "arn:x")
        #expect(row[Columns.startMs].int64Value == 1234)
    }
}
