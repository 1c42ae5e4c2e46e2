/// How hard `JobAdderClient` tries before giving a failure back to its caller.
///
/// Writeback sets `maxAttempts` low and retries through the broker instead; interactive tools can allow more.
public struct JobAdderRetryPolicy: Sendable, Equatable {
    /// Attempts per call for 5xx answers and network failures, the first attempt included.
    public var maxAttempts: Int
    /// First backoff ceiling in seconds; it doubles per attempt up to `maxDelay`. The actual sleep is a random
    /// value between zero and the ceiling (full jitter).
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest `Retry-After` the client waits out itself; a longer one is thrown as `.rateLimited`.
    public var maxRetryAfter: Double
    /// How many 429 answers one call waits out before throwing `.rateLimited`.
    public var maxRateLimitRetries: Int

    public init(
        maxAttempts: Int = 4,
        baseDelay: Double = 0.5,
        maxDelay: Double = 8,
        maxRetryAfter: Double = 60,
        maxRateLimitRetries: Int = 3
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
        self.maxRetryAfter = max(0, maxRetryAfter)
        self.maxRateLimitRetries = max(0, maxRateLimitRetries)
    }

    /// The default for interactive use: four attempts, up to 8 s between them, 429 waits up to 60 s.
    public static let standard = JobAdderRetryPolicy()

    /// One attempt and no 429 waiting: every failure goes straight back to the caller.
    public static let noRetries = JobAdderRetryPolicy(maxAttempts: 1, maxRateLimitRetries: 0)

    /// The jittered sleep before retry number `retry` (1 for the first retry).
    public func backoff(beforeRetry retry: Int) -> Double {
        let exponent = Double(max(0, min(retry - 1, 30)))
        let ceiling = min(maxDelay, baseDelay * pow2(exponent))
        return ceiling <= 0 ? 0 : Double.random(in: 0...ceiling)
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}
