import StepEngine
import StepJSON

/// Wraps a runner for `.waitForTaskToken` resources: the call's own answer only means the work was handed
/// over (`TaskSubmitted`); the task's result arrives later with a callback carrying its token.
public struct CallbackTaskRunner: TaskRunner {
    let inner: any TaskRunner

    public init(_ inner: any TaskRunner) { self.inner = inner }

    public func run(_ request: TaskRequest) async -> TaskOutcome {
        let outcome = await inner.run(request)
        guard request.resource.hasSuffix(".waitForTaskToken"), case .success(let answer) = outcome else { return outcome }
        return .submitted(answer)
    }
}
