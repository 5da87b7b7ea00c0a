import ArgumentParser
import Foundation
import StepDaemon
import StepRuntime

/// `stepline worker`: runs jobs from the broker; holds no database, so it can run wherever the broker is reachable.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run Task jobs from RabbitMQ for a `stepline serve`; needs only the broker.",
        discussion: "Stops on SIGTERM or SIGINT; jobs in hand are not acknowledged, so the broker gives them to another worker.")

    @Option(name: .customLong("amqp-url"), help: "The broker (amqp://user:pass@host:5672/vhost).")
    var amqpURL: String
    @Option(help: "How many jobs to run at once.") var concurrency = 8
    @Option(help: "A configuration file mapping Task resources to handlers.") var config: String?
    @Option(name: .customLong("functions-dir"), help: "The folder of functions uploaded through `serve --api` (shared with it), when the config file names none.")
    var functionsDirectory: String?

    func run() async throws {
        try await clientCommand {
            let daemonConfig = try DaemonConfig.load(config)
            let broker = try AMQPBroker(url: amqpURL, topology: daemonConfig.topology)
            let tasks = try daemonConfig.workerTaskRunner(
                broker, configPath: config, functionsDirectory: functionsDirectory)
            let log: @Sendable (String) -> Void = { printError("stepline worker: \($0)") }
            let loop = WorkerLoop(
                broker: broker, topology: daemonConfig.topology, tasks: tasks, concurrency: concurrency, log: log)
            await broker.connect(log: log)
            let stop = StopSignal()
            let sources = stop.install()
            defer { withExtendedLifetime(sources) {} }
            let running = Task { await ServeCommand.keepRunning("job queue", log) { try await loop.run() } }
            log("running \(concurrency) at a time")
            while !stop.isSet { try? await Task.sleep(nanoseconds: 50_000_000) }
            running.cancel()
            log("stopped")
        }
    }
}
