import StepRuntime
import Testing

@Suite struct BackoffTests {
    @Test func delaysDoubleUpToTheMaximumAndResetStartsAgain() {
        var b = Backoff(first: .milliseconds(100), maximum: .seconds(1))
        let delays = (0..<6).map { _ in b.nextDelay() }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        b.reset()
        #expect(b.nextDelay() == .milliseconds(100))
    }

    @Test func aMaximumBelowTheFirstDelayIsTheFirstDelay() {
        var b = Backoff(first: .seconds(2), maximum: .seconds(1))
        #expect(b.nextDelay() == .seconds(2))
        #expect(b.nextDelay() == .seconds(2))
    }

    @Test func waitReturnsAtOnceWhenCancelled() async {
        let task = Task {
            var b = Backoff(first: .seconds(60))
            await b.wait()
            return Task.isCancelled
        }
        task.cancel()
        #expect(await task.value)
    }
}
