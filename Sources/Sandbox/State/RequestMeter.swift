/// Counts one account's authenticated `/v2` requests per calendar second and keeps the maxima.
struct RequestMeter: Sendable {
    private var second: Int64 = 0
    private var arrivedThisSecond = 0
    private var acceptedThisSecond = 0
    private(set) var maxArrivedPerSecond = 0
    private(set) var maxAcceptedPerSecond = 0
    private(set) var total = 0
    private(set) var rateLimited = 0

    /// Records one request at `now`; `accepted` is false when it was answered 429.
    mutating func record(now: Int64, accepted: Bool) {
        let current = now / 1000
        if current != second {
            second = current
            arrivedThisSecond = 0
            acceptedThisSecond = 0
        }
        total += 1
        arrivedThisSecond += 1
        maxArrivedPerSecond = max(maxArrivedPerSecond, arrivedThisSecond)
        if accepted {
            acceptedThisSecond += 1
            maxAcceptedPerSecond = max(maxAcceptedPerSecond, acceptedThisSecond)
        } else {
            rateLimited += 1
        }
    }

    var json: JSONValue {
        [
            "requests": .int(total), "rateLimited": .int(rateLimited),
            "maxRequestsPerSecond": .int(maxArrivedPerSecond), "maxAcceptedPerSecond": .int(maxAcceptedPerSecond),
        ]
    }
}
