import StepEngine
import StepJSON
import StepLanguage

/// The port through which Task states reach the outside world: given a request, produce the
/// resource's result or an error with AWS's name.
public protocol TaskRunner: Sendable {
    func run(_ request: TaskRequest) async -> TaskOutcome
}

/// How a task ended.
public enum TaskOutcome: Sendable, Equatable {
    case success(JSON)
    case failure(error: String, cause: String?)
    /// A `.waitForTaskToken` call went out (with the service's own answer); the result will come later,
    /// through a callback carrying the task token.
    case submitted(JSON)
}

/// A runner made of a closure: for tests and for embedding Stepline in another program.
public struct ClosureTaskRunner: TaskRunner {
    let body: @Sendable (TaskRequest) async -> TaskOutcome

    public init(_ body: @escaping @Sendable (TaskRequest) async -> TaskOutcome) { self.body = body }

    public func run(_ request: TaskRequest) async -> TaskOutcome { await body(request) }
}

/// A runner that knows no resources: every task fails as AWS fails a call to a missing function.
public struct UnavailableTaskRunner: TaskRunner {
    public init() {}
    public func run(_ request: TaskRequest) async -> TaskOutcome {
        .failure(
            error: StatesErrorName.taskFailed,
            cause: "No handler is configured for the resource '\(request.resource)'")
    }
}

/// Tries runners in order, by resource prefix.
public struct RoutingTaskRunner: TaskRunner {
    let routes: [(prefix: String, runner: any TaskRunner)]
    let fallback: any TaskRunner

    public init(routes: [(prefix: String, runner: any TaskRunner)], fallback: any TaskRunner = UnavailableTaskRunner()) {
        self.routes = routes
        self.fallback = fallback
    }

    public func run(_ request: TaskRequest) async -> TaskOutcome {
        for r in routes where request.resource.hasPrefix(r.prefix) { return await r.runner.run(request) }
        return await fallback.run(request)
    }
}
