import Foundation
import Synchronization

/// A token bucket per account, in process memory: `requestsPerSecond` on average with bursts of up to
/// `burst` requests. A 429 reported through `didReceiveRateLimit` holds every caller for that account until
/// the `Retry-After` time has passed.
///
/// Callers reserve their slot under a lock and sleep outside it, so waiting threads never block each other.
public final class LocalPacer: JobAdderPacer {
    private struct Bucket {
        var available: Double
        var updated: Double
        var quietUntil: Double = 0
    }

    public let requestsPerSecond: Double
    public let burst: Double
    private let buckets = Mutex<[JobAdderAccountKey: Bucket]>([:])

    public init(requestsPerSecond: Double, burst: Int = 1) {
        self.requestsPerSecond = max(0.001, requestsPerSecond)
        self.burst = Double(max(1, burst))
    }

    public func waitForTurn(_ account: JobAdderAccountKey) throws {
        let delay = reserveSlot(for: account, now: Self.now())
        if delay > 0 {
            Thread.sleep(forTimeInterval: delay)
        }
    }

    public func didReceiveRateLimit(_ account: JobAdderAccountKey, retryAfter: Double) {
        let until = Self.now() + max(0, retryAfter)
        buckets.withLock { buckets in
            var bucket = buckets[account] ?? Bucket(available: burst, updated: Self.now())
            bucket.quietUntil = max(bucket.quietUntil, until)
            buckets[account] = bucket
        }
    }

    /// Takes one token (possibly going into debt) and returns how long the caller must wait for it.
    func reserveSlot(for account: JobAdderAccountKey, now: Double) -> Double {
        buckets.withLock { buckets in
            var bucket = buckets[account] ?? Bucket(available: burst, updated: now)
            let start = max(now, bucket.quietUntil)
            if start > bucket.updated {
                bucket.available = min(burst, bucket.available + (start - bucket.updated) * requestsPerSecond)
                bucket.updated = start
            }
            bucket.available -= 1
            buckets[account] = bucket
            let debt = bucket.available < 0 ? -bucket.available / requestsPerSecond : 0
            return (bucket.updated - now) + debt
        }
    }

    private static func now() -> Double {
        ProcessInfo.processInfo.systemUptime
    }
}
