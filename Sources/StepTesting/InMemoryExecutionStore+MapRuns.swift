import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepService
import Synchronization

extension InMemoryExecutionStore {
    public func saveMapRun(_ r: MapRunRecord) throws(StoreError) {
        let row = MapRunRow(
            arn: r.arn, executionArn: r.executionArn, status: r.status, startDate: State.ms(r.startDate),
            stopDate: r.stopDate.map(State.ms), description: r.description.serialized())
        state.withLock { $0.mapRuns[r.arn] = row }
    }

    public func mapRun(arn: String) throws(StoreError) -> MapRunRecord? {
        state.withLock { s in s.mapRuns[arn].flatMap { s.mapRunRecord($0) } }
    }

    public func mapRuns(executionArn: String) throws(StoreError) -> [MapRunRecord] {
        state.withLock { s in
            s.mapRuns.values.filter { $0.executionArn == executionArn }
                .sorted { a, b in a.startDate != b.startDate ? a.startDate < b.startDate : State.precedes(a.arn, b.arn) }
                .compactMap { s.mapRunRecord($0) }
        }
    }

    public func setMapRun(executionId: Int64, mapRunArn: String) throws(StoreError) {
        state.withLock { s in
            guard let i = s.index(executionId), s.executions[i].mapRunArn == nil else { return }
            s.executions[i].mapRunArn = mapRunArn
        }
    }

    public func mapRunExecutions(mapRunArn: String, status: ExecutionStatus?, limit: Int) throws(StoreError)
        -> [ExecutionRecord]
    {
        state.withLock { s in
            State.take(s.executions.reversed(), limit: limit) { row in
                row.mapRunArn == mapRunArn && (status == nil || row.record.status == status)
            }
        }
    }
}
