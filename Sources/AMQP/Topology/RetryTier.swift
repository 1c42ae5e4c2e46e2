/// One retry delay: a queue whose messages wait `delaySeconds` and then return to the work queue.
public struct RetryTier: Sendable, Equatable {
    /// Part of queue names and routing keys, e.g. `"5s"`; letters, digits, `-` and `_` are safest.
    public let name: String
    public let delaySeconds: Double

    public init(name: String, delaySeconds: Double) {
        self.name = name
        self.delaySeconds = delaySeconds
    }

    /// 1 s, 5 s, 30 s, 2 min, 10 min.
    public static let standard: [RetryTier] = [
        RetryTier(name: "1s", delaySeconds: 1),
        RetryTier(name: "5s", delaySeconds: 5),
        RetryTier(name: "30s", delaySeconds: 30),
        RetryTier(name: "2m", delaySeconds: 120),
        RetryTier(name: "10m", delaySeconds: 600),
    ]

    /// The TTL in whole milliseconds (at least 1).
    var milliseconds: Int64 { max(1, Int64((delaySeconds * 1000).rounded())) }
}
