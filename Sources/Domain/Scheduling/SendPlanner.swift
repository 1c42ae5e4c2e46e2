import Foundation

/// Scheduling math for nurturing: when the next step may go out.
///
/// All wall-clock reasoning happens in the given time zone through `ZonedClock`, so DST changes behave: a window
/// start that does not exist on a spring-forward day opens at the first instant after the gap, a repeated hour on
/// a fall-back day counts once (its first occurrence), and `days` keep the wall-clock time while `hours` count
/// elapsed time.
public enum SendPlanner {
    /// How far ahead an allowed day is searched before giving up (ten years).
    static let searchLimitDays = 3660

    /// The earliest instant the step may be sent: `after` plus `delay`, moved forward into the send window.
    ///
    /// - businessDays: the N-th allowed day (a window weekday that is not a holiday) after the local date of
    ///   `after`, at the same wall-clock time; 0 means "as soon as the window allows".
    /// - hours: N elapsed hours.
    /// - businessHours: N hours counted only inside windows on allowed days.
    /// - days: N calendar days, same wall-clock time.
    ///
    /// Returns `Date.distantFuture` when no allowed instant exists within ten years (an empty window).
    public static func nextSendTime(
        after: Date,
        delay: StepDelay,
        window: SendWindow,
        holidays: Set<LocalDate>,
        timeZone: TimeZone
    ) -> Date {
        let clock = ZonedClock(timeZone: timeZone)
        let count = max(0, delay.value)

        switch delay.unit {
        case .hours:
            return earliestAllowed(
                atOrAfter: after.addingTimeInterval(TimeInterval(count) * 3600),
                window: window,
                holidays: holidays,
                timeZone: timeZone
            )

        case .days:
            let local = clock.local(after)
            let target = clock.instant(local.date.adding(days: count), secondsOfDay: local.secondsOfDay)
            return earliestAllowed(atOrAfter: target, window: window, holidays: holidays, timeZone: timeZone)

        case .businessDays:
            let local = clock.local(after)
            var day = local.date
            for _ in 0..<count {
                guard let next = nextAllowedDay(after: day, window: window, holidays: holidays) else {
                    return .distantFuture
                }
                day = next
            }
            let target = count == 0 ? after : clock.instant(day, secondsOfDay: local.secondsOfDay)
            return earliestAllowed(atOrAfter: target, window: window, holidays: holidays, timeZone: timeZone)

        case .businessHours:
            var remaining = TimeInterval(count) * 3600
            var current = earliestAllowed(atOrAfter: after, window: window, holidays: holidays, timeZone: timeZone)
            for _ in 0..<searchLimitDays {
                guard current != .distantFuture else { return current }
                let closes = windowEnd(on: clock.local(current).date, window: window, clock: clock)
                let available = closes.timeIntervalSince(current)
                if remaining < available {
                    return current.addingTimeInterval(remaining)
                }
                remaining -= max(0, available)
                current = earliestAllowed(atOrAfter: closes, window: window, holidays: holidays, timeZone: timeZone)
            }
            return .distantFuture
        }
    }

    /// The first instant at or after `instant` that lies inside the send window on an allowed day.
    public static func earliestAllowed(
        atOrAfter instant: Date,
        window: SendWindow,
        holidays: Set<LocalDate>,
        timeZone: TimeZone
    ) -> Date {
        let clock = ZonedClock(timeZone: timeZone)
        var day = clock.local(instant).date
        for _ in 0..<searchLimitDays {
            if isAllowedDay(day, window: window, holidays: holidays) {
                let opens = clock.instant(day, window.start)
                let closes = windowEnd(on: day, window: window, clock: clock)
                if instant < opens && opens < closes {
                    return opens
                }
                if instant >= opens && instant < closes {
                    return instant
                }
            }
            day = day.adding(days: 1)
        }
        return .distantFuture
    }

    /// Whether an email may be sent at `instant`.
    public static func isAllowed(
        _ instant: Date,
        window: SendWindow,
        holidays: Set<LocalDate>,
        timeZone: TimeZone
    ) -> Bool {
        earliestAllowed(atOrAfter: instant, window: window, holidays: holidays, timeZone: timeZone) == instant
    }

    /// Whether `day` is a window weekday and not a holiday.
    public static func isAllowedDay(_ day: LocalDate, window: SendWindow, holidays: Set<LocalDate>) -> Bool {
        window.days.contains(day.weekday) && !holidays.contains(day)
    }

    private static func nextAllowedDay(
        after day: LocalDate,
        window: SendWindow,
        holidays: Set<LocalDate>
    ) -> LocalDate? {
        var candidate = day
        for _ in 0..<searchLimitDays {
            candidate = candidate.adding(days: 1)
            if isAllowedDay(candidate, window: window, holidays: holidays) {
                return candidate
            }
        }
        return nil
    }

    /// The instant the window closes on `day` (`24:00` is the next midnight).
    private static func windowEnd(on day: LocalDate, window: SendWindow, clock: ZonedClock) -> Date {
        clock.instant(day, secondsOfDay: window.end.secondsOfDay)
    }
}
