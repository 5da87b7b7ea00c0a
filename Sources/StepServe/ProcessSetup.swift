import Logging
import Prometheus
import StepOperations
import Synchronization

/// The process's logging and metrics, bootstrapped once: swift-log and swift-metrics take no second
/// bootstrap, so a later daemon of the same process (a test's) reuses the first one's, at its own log level.
enum ProcessSetup {
    static let done = Mutex<(logs: LogLevelControl, registry: PrometheusCollectorRegistry)?>(nil)

    static func bootstrap(level: String?, format: String?) -> (logs: LogLevelControl, registry: PrometheusCollectorRegistry) {
        done.withLock { done in
            if let done {
                done.logs.current = Logger.Level(rawValue: level?.lowercased() ?? "info") ?? .info
                return done
            }
            let setup = (logs: ProcessLogging.bootstrap(level: level, format: format), registry: ProcessMetrics.bootstrap())
            done = setup
            return setup
        }
    }
}
