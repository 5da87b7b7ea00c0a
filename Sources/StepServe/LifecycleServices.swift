import Logging
import ServiceLifecycle
import UnixSignals
import StepOperations
import StepService

/// A service of the daemon's `ServiceGroup` made of a closure: the group starts it, and on SIGTERM tells it
/// (in reverse order of the list) to finish.
struct NamedService: Service, CustomStringConvertible {
    let description: String
    let body: @Sendable () async throws -> Void

    init(_ name: String, _ body: @escaping @Sendable () async throws -> Void) {
        self.description = name
        self.body = body
    }

    func run() async throws { try await body() }
}

extension NamedService {
    /// A consumer loop that resumes after failures (the broker went away) and stops taking messages the
    /// moment the drain begins; messages taken but not yet acknowledged go back to the queue.
    static func consumer(_ name: String, logger: Logger, _ body: @escaping @Sendable () async throws -> Void) -> NamedService {
        NamedService(name) {
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    do {
                        try await body()
                    } catch {
                        if Task.isCancelled { return }
                        logger.warning("\(name): \(error); resuming")
                    }
                    try? await Task.sleep(nanoseconds: 500_000_000)
                }
            }
        }
    }

    /// Sends `STOPPING=1` and logs the drain as soon as SIGTERM arrives: listed last, so it is told first.
    static func shutdownAnnouncer(
        _ notifier: SystemdNotifier, logger: Logger, what: String, onStop: @escaping @Sendable () -> Void = {}
    ) -> NamedService {
        NamedService("shutdown announcer") {
            try? await gracefulShutdown()
            onStop()
            notifier.stopping(status: "draining: \(what)")
            logger.notice("draining", metadata: ["what": .string(what)])
        }
    }

    /// Runs `body` once per SIGHUP until the drain begins.
    static func reloader(logger: Logger, _ body: @escaping @Sendable () async -> Void) -> NamedService {
        NamedService("reloader") {
            let signals = await UnixSignalsSequence(trapping: .sighup)
            for await _ in signals.cancelOnGracefulShutdown() { await body() }
        }
    }

    /// Runs `body` every `interval` until the drain begins.
    static func periodic(_ name: String, every interval: Duration, _ body: @escaping @Sendable () async -> Void) -> NamedService {
        NamedService(name) {
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await body()
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }
}

/// Builds and runs the group: SIGTERM and SIGINT drain it; past `grace` plus a margin it is cancelled.
enum ServiceRunner {
    static func run(_ services: [NamedService], grace: Duration, logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(
            services: services.map {
                ServiceGroupConfiguration.ServiceConfiguration(
                    service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup)
            },
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = grace + .seconds(15)
        try await ServiceGroup(configuration: configuration).run()
    }
}
