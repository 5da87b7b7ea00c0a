import StepService
import Synchronization
import Testing

/// `ExecutionChanges`: a waiter wakes on the commit that touched its execution, not on others', never misses
/// a commit made between its read and its wait, and gives up after its timeout.
@Suite struct ExecutionChangesTests {
    @Test func aCommitWakesTheWaiterAtOnce() async {
        let changes = ExecutionChanges()
        let watch = changes.watch(7)
        let woke = Mutex<ContinuousClock.Instant?>(nil)
        let waiter = Task {
            await changes.next(watch, timeout: .seconds(120))
            woke.withLock { $0 = .now }
        }
        try? await Task.sleep(for: .milliseconds(50))
        changes.committed([3, 4])
        try? await Task.sleep(for: .milliseconds(50))
        #expect(woke.withLock { $0 } == nil, "another execution's commit does not wake it")
        let committedAt = ContinuousClock.now
        changes.committed([7])
        await waiter.value
        let at = woke.withLock { $0 }
        #expect(at.map { $0 - committedAt < .seconds(60) } == true)
        changes.end(watch)
        #expect(changes.watching == 0)
    }

    @Test func aCommitBeforeTheWaitIsNotMissed() async {
        let changes = ExecutionChanges()
        let watch = changes.watch(1)
        changes.committed([1])
        let began = ContinuousClock.now
        await changes.next(watch, timeout: .seconds(120))
        #expect(ContinuousClock.now - began < .seconds(60))
        changes.end(watch)
    }

    @Test func withoutACommitTheWaitEndsAtItsTimeout() async {
        let changes = ExecutionChanges()
        let watch = changes.watch(1)
        let began = ContinuousClock.now
        await changes.next(watch, timeout: .milliseconds(100))
        #expect(ContinuousClock.now - began >= .milliseconds(100))
        changes.end(watch)
        #expect(changes.watching == 0)
    }

    @Test func everyWatcherOfTheExecutionWakes() async {
        let changes = ExecutionChanges()
        let watches = (0..<10).map { _ in changes.watch(5) }
        let began = ContinuousClock.now
        let woken = await withTaskGroup(of: Bool.self) { group in
            for w in watches {
                group.addTask {
                    await changes.next(w, timeout: .seconds(120))
                    return ContinuousClock.now - began < .seconds(60)
                }
            }
            try? await Task.sleep(for: .milliseconds(50))
            changes.committed([5])
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(woken == 10)
        for w in watches { changes.end(w) }
    }
}
