import Shared

/// Records JobAdder calls in `MetricsRegistry.shared`: a counter by endpoint template and status, and a
/// latency histogram by endpoint template. Endpoint labels are route templates, never ids.
enum JobAdderMetrics {
    static func record(endpoint: String, status: String, seconds: Double) {
        MetricsRegistry.shared.increment(
            "handover_jobadder_requests_total",
            help: "JobAdder API requests by endpoint template and HTTP status (or network failure kind).",
            labels: [("endpoint", endpoint), ("status", status)]
        )
        MetricsRegistry.shared.observe(
            "handover_jobadder_request_duration_seconds",
            help: "JobAdder API request latency in seconds, by endpoint template.",
            labels: [("endpoint", endpoint)],
            value: seconds
        )
    }
}
