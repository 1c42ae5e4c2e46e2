import Foundation

extension ScheduleDefinition {
    /// When step `step` (0-based) may go out: its delay counted from `after` (the previous email, or the lead's
    /// start for step 0), never before `pausedUntil`, always inside the send window and off holidays in
    /// `timeZone`. Nil when the schedule has no such step.
    public func nextSendTime(
        forStep step: Int,
        after: Date,
        pausedUntil: Date? = nil,
        timeZone: TimeZone
    ) -> Date? {
        guard steps.indices.contains(step) else { return nil }
        let planned = SendPlanner.nextSendTime(
            after: after,
            delay: steps[step].delay,
            window: sendWindow,
            holidays: holidays,
            timeZone: timeZone
        )
        guard let pausedUntil, pausedUntil > planned else { return planned }
        return SendPlanner.earliestAllowed(
            atOrAfter: pausedUntil,
            window: sendWindow,
            holidays: holidays,
            timeZone: timeZone
        )
    }
}
