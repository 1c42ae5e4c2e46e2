import Foundation

/// Converts between instants and wall-clock times in one time zone, with explicit rules for the hours a DST change
/// skips or repeats: a skipped wall time maps to the first instant after the gap (the moment the clocks jump), a
/// repeated one to its first occurrence.
public struct ZonedClock: Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The wall-clock date and time of `instant`.
    public func local(_ instant: Date) -> LocalDateTime {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        let day = Self.floorDivide(seconds, 86_400)
        return LocalDateTime(date: LocalDate(dayNumber: day), secondsOfDay: seconds - day * 86_400)
    }

    /// The instant the wall clock shows `secondsOfDay` on `date` (values of 86,400 and more roll into later days).
    public func instant(_ date: LocalDate, secondsOfDay: Int) -> Date {
        let wall = date.dayNumber * 86_400 + secondsOfDay
        let offsetBefore = offset(at: wall - 86_400)
        let offsetAfter = offset(at: wall + 86_400)
        let early = wall - offsetBefore
        let late = wall - offsetAfter

        let valid = [early, late].filter { $0 + offset(at: $0) == wall }
        if let first = valid.min() {
            return Date(timeIntervalSince1970: TimeInterval(first))
        }

        // The wall time falls into a gap: find the first instant that already uses the later offset.
        var low = min(early, late)
        var high = max(early, late)
        guard offset(at: high) == offsetAfter, offset(at: low) != offsetAfter else {
            return Date(timeIntervalSince1970: TimeInterval(early))
        }
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(at: middle) == offsetAfter {
                high = middle
            } else {
                low = middle
            }
        }
        return Date(timeIntervalSince1970: TimeInterval(high))
    }

    /// The instant `time` shows on `date`.
    public func instant(_ date: LocalDate, _ time: LocalTime) -> Date {
        instant(date, secondsOfDay: time.secondsOfDay)
    }

    private func offset(at epochSeconds: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epochSeconds)))
    }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}
