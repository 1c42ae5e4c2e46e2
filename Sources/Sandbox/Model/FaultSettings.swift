/// Injected misbehaviour for one account's `/v2` requests (and the token endpoint when asked).
struct FaultSettings: Sendable {
    /// Share (0…1) of requests answered with one of `errorStatuses`.
    var errorRate: Double = 0
    var errorStatuses: [Int] = [500, 502, 503]
    /// Added latency, uniform in `latencyMinMs…latencyMaxMs` (equal bounds give a fixed delay).
    var latencyMinMs: Int = 0
    var latencyMaxMs: Int = 0
    /// Share (0…1) of requests whose connection is closed without an answer.
    var dropRate: Double = 0
    var appliesToTokenEndpoint: Bool = false

    var json: JSONValue {
        [
            "errorRate": .double(errorRate), "errorStatuses": .array(errorStatuses.map(JSONValue.int)),
            "latencyMinMs": .int(latencyMinMs), "latencyMaxMs": .int(latencyMaxMs), "dropRate": .double(dropRate),
            "appliesToTokenEndpoint": .bool(appliesToTokenEndpoint),
        ]
    }
}
