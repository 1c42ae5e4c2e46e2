import Synchronization

/// Process-wide Prometheus metrics: counters, gauges and histograms with labels, rendered in the text
/// exposition format for `/metrics`.
///
/// Label values must be ids or enumerations (stage, outcome, status code), never personal data.
public final class MetricsRegistry: Sendable {
    public static let shared = MetricsRegistry()

    private struct Family {
        var kind: String
        var help: String
        var buckets: [Double]
        var series: [String: Series] = [:]
    }

    private struct Series {
        var labels: [(String, String)]
        var value: Double = 0
        var bucketCounts: [UInt64] = []
        var count: UInt64 = 0
        var sum: Double = 0
    }

    private let families = Mutex<[String: Family]>([:])

    public init() {}

    /// Latency buckets in seconds, from 1 ms to 60 s.
    public static let latencyBuckets: [Double] = [
        0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
    ]

    public func increment(_ name: String, help: String, labels: [(String, String)] = [], by amount: Double = 1) {
        update(name, kind: "counter", help: help, labels: labels) { $0.value += amount }
    }

    public func set(_ name: String, help: String, labels: [(String, String)] = [], to value: Double) {
        update(name, kind: "gauge", help: help, labels: labels) { $0.value = value }
    }

    public func observe(
        _ name: String,
        help: String,
        labels: [(String, String)] = [],
        value: Double,
        buckets: [Double] = MetricsRegistry.latencyBuckets
    ) {
        update(name, kind: "histogram", help: help, labels: labels, buckets: buckets) { series in
            if series.bucketCounts.isEmpty { series.bucketCounts = Array(repeating: 0, count: buckets.count) }
            for (index, bound) in buckets.enumerated() where value <= bound {
                series.bucketCounts[index] += 1
            }
            series.count += 1
            series.sum += value
        }
    }

    private func update(
        _ name: String,
        kind: String,
        help: String,
        labels: [(String, String)],
        buckets: [Double] = [],
        _ change: (inout Series) -> Void
    ) {
        let key = labels.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
        families.withLock { families in
            var family = families[name] ?? Family(kind: kind, help: help, buckets: buckets)
            var series = family.series[key] ?? Series(labels: labels)
            change(&series)
            family.series[key] = series
            families[name] = family
        }
    }

    /// The current value of a counter or gauge series (for tests and reports).
    public func value(_ name: String, labels: [(String, String)] = []) -> Double {
        let key = labels.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
        return families.withLock { $0[name]?.series[key]?.value ?? 0 }
    }

    /// Everything in Prometheus text format 0.0.4.
    public func render() -> String {
        let snapshot = families.withLock { $0 }
        var out = ""
        for name in snapshot.keys.sorted() {
            guard let family = snapshot[name] else { continue }
            out += "# HELP \(name) \(family.help)\n# TYPE \(name) \(family.kind)\n"
            for key in family.series.keys.sorted() {
                guard let series = family.series[key] else { continue }
                if family.kind == "histogram" {
                    for (index, bound) in family.buckets.enumerated() {
                        let count = series.bucketCounts.isEmpty ? 0 : series.bucketCounts[index]
                        out +=
                            "\(name)_bucket\(Self.labelText(series.labels + [("le", Self.number(bound))])) \(count)\n"
                    }
                    out += "\(name)_bucket\(Self.labelText(series.labels + [("le", "+Inf")])) \(series.count)\n"
                    out += "\(name)_sum\(Self.labelText(series.labels)) \(Self.number(series.sum))\n"
                    out += "\(name)_count\(Self.labelText(series.labels)) \(series.count)\n"
                } else {
                    out += "\(name)\(Self.labelText(series.labels)) \(Self.number(series.value))\n"
                }
            }
        }
        return out
    }

    private static func labelText(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        let parts = labels.map { name, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(name)=\"\(escaped)\""
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
