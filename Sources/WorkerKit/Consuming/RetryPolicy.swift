import AMQP

/// The broker-side retry schedule: one retry queue per delay tier, each a fixed TTL that dead-letters
/// back to the work queue. Attempt n waits in tier n-1 (capped at the last), with jitter from sometimes
/// using the tier below, so a burst of failures does not come back all at once.
public enum RetryPolicy {
    public static let tiers: [RetryTier] = [
        RetryTier(name: "1s", delaySeconds: 1),
        RetryTier(name: "5s", delaySeconds: 5),
        RetryTier(name: "30s", delaySeconds: 30),
        RetryTier(name: "2m", delaySeconds: 120),
        RetryTier(name: "10m", delaySeconds: 600),
    ]

    /// The tier for a message that has failed `attempt` times.
    public static func tier<R: RandomNumberGenerator>(afterAttempt attempt: Int, using random: inout R) -> RetryTier {
        let capped = min(max(attempt - 1, 0), tiers.count - 1)
        let jittered = capped > 0 && Bool.random(using: &random) ? capped - 1 : capped
        return tiers[jittered]
    }

    /// The tier for messages that wait on another message, not on a failure.
    public static var deferTier: RetryTier { tiers[0] }
}
