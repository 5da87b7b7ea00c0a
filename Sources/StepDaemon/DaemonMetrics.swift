import CoreMetrics

/// The daemon's and the workers' Prometheus metrics (through swift-metrics; no-ops until a backend is set up).
public enum DaemonMetrics {
    public static let deadLettered = Counter(label: "stepline_messages_dead_lettered_total")
    public static let jobsQueued = Counter(label: "stepline_jobs_queued_total")
    public static let brokerReconnects = Counter(label: "stepline_broker_reconnects_total")
    /// A worker's jobs, by how they ended (`succeeded`, `failed`, `handed_back`, `malformed`).
    static let workerJobs = Counter(label: "stepline_worker_jobs_total", dimensions: [("outcome", "succeeded")])
    static let workerJobsFailed = Counter(label: "stepline_worker_jobs_total", dimensions: [("outcome", "failed")])
    static let workerJobsHandedBack = Counter(label: "stepline_worker_jobs_total", dimensions: [("outcome", "handed_back")])
    static let workerJobsMalformed = Counter(label: "stepline_worker_jobs_total", dimensions: [("outcome", "malformed")])
    static let workerInFlight = Meter(label: "stepline_worker_jobs_in_flight")
    static let workerJobDuration = CoreMetrics.Timer(label: "stepline_worker_job_duration_seconds")
}
