import CoreMetrics
import Prometheus

/// Sets up swift-metrics with swift-prometheus as its backend, once per process, with histogram buckets
/// that fit what Stepline measures (commits in milliseconds, executions in seconds to hours).
public enum ProcessMetrics {
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2),
            .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300), .seconds(3600),
        ]
        factory.defaultValueHistogramBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000]
        MetricsSystem.bootstrap(factory)
        return registry
    }
}
