import CoreMetrics

/// The listener's own counters: connections refused past a limit, closed past a deadline, requests
/// refused for their size or because too many bodies were being received at once.
enum ListenerMetrics {
    static let refused = Counter(label: "stepline_api_connections_refused_total")
    static let timedOut = Counter(label: "stepline_api_connections_timed_out_total")
    static let tooLarge = Counter(label: "stepline_api_requests_too_large_total")
    static let throttledBodies = Counter(label: "stepline_api_requests_throttled_total")
}
