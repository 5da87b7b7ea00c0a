import StepJSON
import StepService
import Testing

/// The `MapRunStore` port: map run records and their child executions, on every adapter.
@Suite struct MapRunStoreTests {
    func record(_ label: String, parent: String, start: Int, status: String = "RUNNING") -> MapRunRecord {
        MapRunRecord(
            arn: "arn:aws:states:us-east-1:111111111111:mapRun:m/\(label):run-\(label)", executionArn: parent, status: status,
            startDate: at(start), stopDate: nil, description: ["status": .string(status), "label": .string(label)])
    }

    @Test(arguments: StoreAdapter.allCases)
    func mapRunsAreSavedReplacedAndListedByStart(_ adapter: StoreAdapter) throws {
        let opened = try adapter.open()
        let s = opened.store
        let parent = "arn:aws:states:us-east-1:111111111111:execution:m:parent"
        let late = record("b", parent: parent, start: 20)
        let early = record("a", parent: parent, start: 10)
        try s.saveMapRun(late)
        try s.saveMapRun(early)
        try s.saveMapRun(record("c", parent: "arn:aws:states:us-east-1:111111111111:execution:m:another", start: 5))
        #expect(try opened.reopen().mapRuns(executionArn: parent) == [early, late])
        var done = early
        done.status = "SUCCEEDED"
        done.stopDate = at(30)
        done.description = ["status": "SUCCEEDED"]
        try s.saveMapRun(done)
        #expect(try s.mapRun(arn: early.arn) == done)
        #expect(try s.mapRun(arn: early.arn + "x") == nil)
        #expect(try s.mapRuns(executionArn: parent).count == 2)
    }

    @Test(arguments: StoreAdapter.allCases)
    func childExecutionsBelongToTheirFirstMapRun(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        let run = "arn:aws:states:us-east-1:111111111111:mapRun:m/map:1"
        let c1 = try s.start("c1", of: "child").record
        let c2 = try s.start("c2", of: "child").record
        let c3 = try s.start("c3", of: "child").record
        _ = try s.start("unrelated", of: "child")
        for c in [c1, c2, c3] { try s.setMapRun(executionId: c.id, mapRunArn: run) }
        try s.setMapRun(executionId: c3.id, mapRunArn: run + "-later")
        try s.commit([step(c2, state: endedState(c2, .succeeded))])
        #expect(try s.mapRunExecutions(mapRunArn: run, status: nil, limit: 10).map(\.id) == [c3.id, c2.id, c1.id])
        #expect(try s.mapRunExecutions(mapRunArn: run, status: .running, limit: 10).map(\.id) == [c3.id, c1.id])
        #expect(try s.mapRunExecutions(mapRunArn: run, status: .succeeded, limit: 10).map(\.id) == [c2.id])
        #expect(try s.mapRunExecutions(mapRunArn: run, status: nil, limit: 1).map(\.id) == [c3.id])
        #expect(try s.mapRunExecutions(mapRunArn: run + "-later", status: nil, limit: 10).isEmpty)
    }
}
