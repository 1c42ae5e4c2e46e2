import Foundation

/// The per-mailbox daily send cap, enforced over any rolling 24 hours (not per calendar day).
public enum DailyCap {
    /// The length of the rolling window.
    public static let window: TimeInterval = 86_400

    /// Whether one more email may be sent at `now`, given the mailbox's send times.
    ///
    /// Sends in `(now - 24 h, now]` count, and so do recorded sends later than `now` (a clock that stepped back
    /// must not open the cap). When not allowed, `nextAllowedAt` is the instant enough of those sends leave the
    /// window; it is nil when `cap` is zero or less, which never allows a send.
    public static func allows(sentTimes: [Date], now: Date, cap: Int) -> (allowed: Bool, nextAllowedAt: Date?) {
        guard cap > 0 else { return (false, nil) }
        let recent = sentTimes.filter { $0 > now.addingTimeInterval(-window) }.sorted()
        guard recent.count >= cap else { return (true, nil) }
        let mustExpire = recent[recent.count - cap]
        return (false, mustExpire.addingTimeInterval(window))
    }
}
