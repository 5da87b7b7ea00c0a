import StepRuntime
import StepService
import StepStore
import Synchronization
import StepTesting
import Testing

/// `StoreWorker.read`: reads on read-only connections of their own see what the writer committed, never
/// write, and fall back to the store queue when every reader is in use.
@Suite struct StoreWorkerTests {
    static let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#

    @Test func readsSeeWhatTheWriterCommitted() async throws {
        let db = TemporaryDatabase()
        let path = db.path
        let opened = Atomic<Int>(0)
        let worker = StoreWorker(try db.open()) { () throws(StoreError) in
            opened.add(1, ordering: .relaxed)
            return try SQLiteExecutionStore(path: path, readOnly: true)
        }
        #expect(try await worker.read { (s) throws(StoreError) in try s.listStateMachines() }.isEmpty)
        for name in ["a", "b", "c"] {
            _ = try await worker.run { (s) throws(StoreError) in
                try s.upsertStateMachine(
                    name: name, definition: Self.definition, type: .standard, loggingLevel: "OFF", now: WallClock.now())
            }
            let names = try await worker.read { (s) throws(StoreError) in try s.listStateMachines().map(\.name) }
            #expect(names.contains(name))
        }
        // One caller at a time here: one reader opened, and used again.
        #expect(opened.load(ordering: .relaxed) == 1)
    }

    @Test func aReaderRefusesToWrite() async throws {
        let db = TemporaryDatabase()
        let path = db.path
        let worker = StoreWorker(try db.open()) { () throws(StoreError) in try SQLiteExecutionStore(path: path, readOnly: true) }
        await #expect(throws: StoreError.self) {
            _ = try await worker.read { (s) throws(StoreError) in
                try s.upsertStateMachine(
                    name: "x", definition: Self.definition, type: .standard, loggingLevel: "OFF", now: WallClock.now())
            }
        }
    }

    @Test func readsPastTheReaderLimitRunOnTheQueue() async throws {
        let db = TemporaryDatabase()
        let path = db.path
        let opened = Atomic<Int>(0)
        let worker = StoreWorker(
            try db.open(),
            openReader: { () throws(StoreError) in
                opened.add(1, ordering: .relaxed)
                return try SQLiteExecutionStore(path: path, readOnly: true)
            }, maxReaders: 2)
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask { try await worker.read { (s) throws(StoreError) in try s.listStateMachines().count } }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 0, count: 16))
        #expect(opened.load(ordering: .relaxed) <= 2)
    }

    @Test func withoutReadersReadsRunOnTheQueue() async throws {
        let db = TemporaryDatabase()
        let worker = StoreWorker(try db.open())
        _ = try await worker.run { (s) throws(StoreError) in
            try s.upsertStateMachine(name: "q", definition: Self.definition, type: .standard, loggingLevel: "OFF", now: WallClock.now())
        }
        #expect(try await worker.read { (s) throws(StoreError) in try s.listStateMachines().map(\.name) } == ["q"])
    }
}
