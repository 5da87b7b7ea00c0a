import StepService
import Testing

/// The `StatusEventOutbox` port: a Standard execution's end is marked in its last commit and stays
/// pending until published, on every adapter.
@Suite struct StatusEventOutboxTests {
    @Test(arguments: StoreAdapter.allCases)
    func endedStandardExecutionsWaitToBePublishedOldestFirst(_ adapter: StoreAdapter) throws {
        let opened = try adapter.open()
        let s = opened.store
        let a = try s.start("a", of: "m").record
        let b = try s.start("b", of: "m").record
        let c = try s.start("c", of: "m").record
        try s.commit([step(a)])
        #expect(try s.pendingStatusEvents(limit: 10).isEmpty, "a running execution has no status event")
        try s.commit([step(c, state: endedState(c, .failed)), step(a, state: endedState(a, .succeeded))])
        try s.commit([step(b, state: endedState(b, .aborted))])
        let pending = try opened.reopen().pendingStatusEvents(limit: 10)
        #expect(pending.map(\.id) == [a.id, b.id, c.id])
        #expect(pending.map(\.status) == [.succeeded, .aborted, .failed])
        #expect(try s.pendingStatusEvents(limit: 2).map(\.id) == [a.id, b.id])
        try s.statusEventsPublished([a.id, c.id])
        #expect(try s.pendingStatusEvents(limit: 10).map(\.id) == [b.id])
        try s.statusEventsPublished([b.id, 9999])
        #expect(try s.pendingStatusEvents(limit: 10).isEmpty)
    }

    @Test(arguments: StoreAdapter.allCases)
    func anExpressExecutionEndsWithoutAStatusEvent(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        try s.machine("x", type: .express)
        let run = try s.start("run", of: "x").record
        try s.commit([step(run, state: endedState(run, .succeeded))])
        #expect(try s.execution(id: run.id)?.status == .succeeded)
        #expect(try s.pendingStatusEvents(limit: 10).isEmpty)
    }
}
