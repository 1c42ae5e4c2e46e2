import Foundation

/// The minimum gap, with random jitter, between two sends from one mailbox, so a batch never leaves as a burst.
public enum MailboxSpacing {
    /// The earliest instant the mailbox may send again.
    ///
    /// The gap is `minimum` plus a random number of seconds drawn from `jitter`, never less than `minimum`.
    /// Returns `now` when the mailbox has not sent before or the gap has already passed.
    public static func nextSlot(
        lastSend: Date?,
        now: Date,
        minimum: TimeInterval,
        jitter: ClosedRange<Double>,
        random: inout some RandomNumberGenerator
    ) -> Date {
        guard let lastSend else { return now }
        let extra =
            jitter.lowerBound == jitter.upperBound
            ? jitter.lowerBound
            : Double.random(in: jitter, using: &random)
        let gap = max(minimum, minimum + extra)
        return max(now, lastSend.addingTimeInterval(gap))
    }
}
