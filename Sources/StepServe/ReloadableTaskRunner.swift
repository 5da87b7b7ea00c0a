import StepRuntime
import StepEngine
import Synchronization

/// The task runner in force: a reload (SIGHUP) replaces it with one built from the new configuration, and
/// tasks started after that use the new one while those running finish on the old.
final class ReloadableTaskRunner: TaskRunner {
    let current: Mutex<any TaskRunner>

    init(_ runner: any TaskRunner) { current = Mutex(runner) }

    func replace(_ runner: any TaskRunner) { current.withLock { $0 = runner } }

    func run(_ request: TaskRequest) async -> TaskOutcome {
        let runner = current.withLock { $0 }
        return await runner.run(request)
    }
}
