import StepEngine
import StepJSON
import StepLanguage
import StepSQLite
import StepService

extension SQLiteExecutionStore {
    static let mapRunColumns = "arn, execution_arn, status, start_ms, stop_ms, description"

    func mapRunRecord(_ row: SQLiteRow) -> MapRunRecord? {
        guard let arn = row[0].stringValue, let exec = row[1].stringValue, let status = row[2].stringValue,
            let start = row[3].int64Value, let text = row[5].stringValue, let description = try? JSON(parsing: text)
        else { return nil }
        return MapRunRecord(
            arn: arn, executionArn: exec, status: status, startDate: ts(start), stopDate: row[4].int64Value.map(ts),
            description: description)
    }

    public func saveMapRun(_ r: MapRunRecord) throws(StoreError) {
        try write {
            try db.cachedStatement(
                "INSERT OR REPLACE INTO map_runs (\(Self.mapRunColumns)) VALUES (?, ?, ?, ?, ?, ?)"
            ).run(
                .text(r.arn), .text(r.executionArn), .text(r.status), .integer(ms(r.startDate)),
                SQLiteValue(r.stopDate.map(ms)), .text(r.description.serialized()))
        }
    }

    public func mapRun(arn: String) throws(StoreError) -> MapRunRecord? {
        try sql {
            try db.cachedStatement("SELECT \(Self.mapRunColumns) FROM map_runs WHERE arn = ?").query(.text(arn)).first
                .flatMap(mapRunRecord)
        }
    }

    public func mapRuns(executionArn: String) throws(StoreError) -> [MapRunRecord] {
        try sql {
            try db.cachedStatement(
                "SELECT \(Self.mapRunColumns) FROM map_runs WHERE execution_arn = ? ORDER BY start_ms, arn"
            ).query(.text(executionArn)).compactMap(mapRunRecord)
        }
    }

    public func setMapRun(executionId: Int64, mapRunArn: String) throws(StoreError) {
        try write {
            try db.cachedStatement("UPDATE executions SET map_run_arn = ? WHERE id = ? AND map_run_arn IS NULL")
                .run(.text(mapRunArn), .integer(executionId))
        }
    }

    public func mapRunExecutions(mapRunArn: String, status: ExecutionStatus?, limit: Int) throws(StoreError)
        -> [ExecutionRecord]
    {
        try sql {
            if let status {
                return try db.cachedStatement(
                    "SELECT \(Self.executionColumns) FROM executions WHERE map_run_arn = ? AND status = ? ORDER BY id DESC LIMIT ?"
                ).query(.text(mapRunArn), .text(status.rawValue), .integer(Int64(limit))).compactMap(executionRecord)
            }
            return try db.cachedStatement(
                "SELECT \(Self.executionColumns) FROM executions WHERE map_run_arn = ? ORDER BY id DESC LIMIT ?"
            ).query(.text(mapRunArn), .integer(Int64(limit))).compactMap(executionRecord)
        }
    }
}
