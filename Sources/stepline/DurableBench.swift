import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepServe
import StepService
import StepStore

/// The durable benchmark: many Standard executions at once through the SQLite store, full history.
enum DurableBench {
    struct Figure {
        var transitions: Int
        var seconds: Double
        var batches: Int
        var rate: Double { Double(transitions) / seconds }
    }

    static func run(
        name: String, definition: String, input: JSON, executions: Int, synchronous: String, directory: String
    ) async throws -> Figure {
        let path = "\(directory)/bench-\(name)-\(synchronous)-\(UInt32.random(in: 0...UInt32.max)).db"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try SQLiteExecutionStore(path: path, synchronous: synchronous == "full" ? .full : .normal)
        let now = WallClock.now()
        _ = try store.upsertStateMachine(name: name, definition: definition, type: .standard, loggingLevel: "OFF", now: now)
        let inputText = input.serialized()
        for i in 0..<executions {
            _ = try ExecutionStarter.start(in: store, stateMachine: name, name: "e\(i)", input: inputText, now: now)
        }
        let worker = StoreWorker(store)
        let service = DurableService(worker: worker, tasks: UnavailableTaskRunner())
        let start = DispatchTime.now().uptimeNanoseconds
        while try await service.startPending(limit: 1000) > 0 {}
        await service.drain()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let open = try await worker.run { (s) throws(StoreError) in
            try s.listExecutions(stateMachine: nil, status: .running, limit: 1).count
        }
        guard open == 0 else { throw CLIFailure("\(name): executions still running after the benchmark") }
        return Figure(
            transitions: await service.committedTransitions, seconds: seconds, batches: await service.committedBatches)
    }
}
