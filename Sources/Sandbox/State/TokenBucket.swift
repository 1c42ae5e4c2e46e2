/// A token bucket: `rate` tokens per second, holding at most `rate` (burst = limit).
struct TokenBucket: Sendable {
    let rate: Double
    private var tokens: Double
    private var lastMillis: Int64

    init(rate: Double, now: Int64) {
        self.rate = rate
        self.tokens = rate
        self.lastMillis = now
    }

    /// Takes one token; nil when allowed, otherwise whole seconds (≥ 1) until a token is back.
    mutating func take(now: Int64) -> Int? {
        let elapsed = Double(max(0, now - lastMillis)) / 1000
        lastMillis = max(lastMillis, now)
        tokens = min(rate, tokens + elapsed * rate)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        let wait = (1 - tokens) / rate
        return max(1, Int(min(wait, 3600).rounded(.up)))
    }
}
