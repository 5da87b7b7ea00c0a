import StepEngine
import StepJSON
import StepRuntime

/// The task runner a config file describes: a resource mapped to a command in `tasks` runs that
/// command; Lambda resources go to the configured functions; HTTP Tasks (`http:invoke`) call their
/// endpoint with the configured connections; anything else goes to `fallback`.
public struct ConfiguredTaskRunner: TaskRunner {
    public let commands: [String: String]
    public let lambda: LambdaTaskRunner
    public let http: HttpTaskRunner
    let commandRunner: CommandTaskRunner
    let fallback: any TaskRunner

    public init(
        commands: [String: String], lambda: LambdaTaskRunner, http: HttpTaskRunner = HttpTaskRunner(),
        fallback: (any TaskRunner)? = nil
    ) {
        self.commands = commands
        self.lambda = lambda
        self.http = http
        self.commandRunner = CommandTaskRunner(commands: commands)
        self.fallback = fallback ?? UnavailableTaskRunner()
    }

    public func run(_ request: TaskRequest) async -> TaskOutcome {
        if hasCommand(request.resource) { return await commandRunner.run(request) }
        if LambdaTaskRunner.handles(request.resource) { return await lambda.run(request) }
        if HttpTaskRunner.handles(request.resource) { return await http.run(request) }
        // `lambda:invoke.waitForTaskToken`: invoke as usual (the payload carries the token); the caller's
        // `CallbackTaskRunner` turns the answer into `TaskSubmitted`.
        let waitSuffix = ".waitForTaskToken"
        if request.resource.hasSuffix(waitSuffix) {
            var plain = request
            plain.resource = String(request.resource.dropLast(waitSuffix.count))
            if LambdaTaskRunner.handles(plain.resource) { return await lambda.run(plain) }
        }
        return await fallback.run(request)
    }

    /// Ends the functions' worker processes.
    public func shutdown() async { await lambda.shutdown() }

    /// As `CommandTaskRunner` matches: the whole resource, or the name after its last colon.
    func hasCommand(_ resource: String) -> Bool { commandRunner.command(for: resource) != nil }
}
