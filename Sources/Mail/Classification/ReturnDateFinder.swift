import Foundation

/// Finds the return date in an out-of-office note, relative to the note's own date.
///
/// Understands `2026-12-14`, `14/12/2026` and `14.12.26` (day first, unless the first number cannot be a
/// day-of-month pairing, then month first), `Monday 14 December`, `14th of December 2026`, `December 14th`,
/// `Dec 14, 2026`, `the 14th` (the next such day), and a bare weekday after "back/returning on"
/// (the next such weekday). A year left out means this year when that is at most two months back, else next year.
/// It prefers a date that follows "back", "return", "until", "from" or "to" and falls back to the latest
/// date within a year. The result is the start of that day in UTC; nil when no date is found.
struct ReturnDateFinder: @unchecked Sendable {
    // NSRegularExpression and a fixed Calendar are read-only after init and safe to share.
    private let calendar: Calendar
    private let expressions: [(NSRegularExpression, Shape)]
    private let cue: NSRegularExpression?

    private enum Shape {
        case iso, numeric, dayMonth, monthDay, ordinalOnly, weekday
    }

    init() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        self.calendar = calendar

        let month =
            "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
            + "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?"
        let day = "([0-3]?[0-9])(?:st|nd|rd|th)?"
        let year = "(?:,?\\s+([0-9]{4}))?"
        let patterns: [(String, Shape)] = [
            ("\\b([0-9]{4})-([01]?[0-9])-([0-3]?[0-9])\\b", .iso),
            ("\\b([0-3]?[0-9])[/.]([0-3]?[0-9])[/.]([0-9]{2,4})\\b", .numeric),
            ("\\b\(day)\\s+(?:of\\s+)?\(month)\(year)\\b", .dayMonth),
            ("\\b\(month)\\s+\(day)\(year)\\b", .monthDay),
            ("\\bthe\\s+([0-3]?[0-9])(?:st|nd|rd|th)\\b", .ordinalOnly),
            (
                "\\b(?:back|return(?:ing)?|in the office)\\s+(?:on\\s+)?(?:next\\s+)?"
                    + "(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b", .weekday
            ),
        ]
        expressions = patterns.compactMap { pattern, shape in
            (try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])).map { ($0, shape) }
        }
        cue = try? NSRegularExpression(
            pattern: "\\b(back|return|returning|until|till|from|to|through|resume|reopen)\\b",
            options: [.caseInsensitive]
        )
    }

    /// The return date in `text`, or nil.
    func find(in text: String, relativeTo reference: Date) -> Date? {
        let referenceDay = calendar.startOfDay(for: reference)
        let nsText = text as NSString
        var candidates: [(date: Date, hasCue: Bool, location: Int)] = []

        for (expression, shape) in expressions {
            for match in expression.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
                let groups = (1..<match.numberOfRanges).map { index -> String? in
                    let range = match.range(at: index)
                    return range.location == NSNotFound ? nil : nsText.substring(with: range)
                }
                guard let date = resolve(shape, groups, after: referenceDay) else { continue }
                let lookBehind = NSRange(
                    location: max(0, match.range.location - 40),
                    length: min(40, match.range.location)
                )
                let hasCue =
                    shape == .weekday
                    || (cue?.firstMatch(in: text, range: lookBehind) != nil)
                candidates.append((date, hasCue, match.range.location))
            }
        }

        let plausible = candidates.filter {
            $0.date >= referenceDay.addingTimeInterval(-86_400)
                && $0.date <= referenceDay.addingTimeInterval(400 * 86_400)
        }
        let cued = plausible.filter(\.hasCue)
        let pool = cued.isEmpty ? plausible : cued
        return pool.max { $0.date < $1.date }?.date
    }

    private func resolve(_ shape: Shape, _ groups: [String?], after reference: Date) -> Date? {
        let numbers = groups.map { $0.flatMap { Int($0) } }
        switch shape {
        case .iso:
            return makeDate(year: numbers[0], month: numbers[1], day: numbers[2], after: reference)
        case .numeric:
            guard var first = numbers[0], var second = numbers[1], var year = numbers[2] else { return nil }
            if year < 100 { year += 2000 }
            if second > 12 && first <= 12 { swap(&first, &second) }
            return makeDate(year: year, month: second, day: first, after: reference)
        case .dayMonth:
            return makeDate(year: numbers[2], month: monthNumber(groups[1]), day: numbers[0], after: reference)
        case .monthDay:
            return makeDate(year: numbers[2], month: monthNumber(groups[0]), day: numbers[1], after: reference)
        case .ordinalOnly:
            guard let day = numbers[0], (1...31).contains(day) else { return nil }
            var components = calendar.dateComponents([.year, .month], from: reference)
            for _ in 0..<3 {
                components.day = day
                if let date = exactDate(components), date >= reference { return date }
                components.month = (components.month ?? 1) + 1
                if components.month == 13 {
                    components.month = 1
                    components.year = (components.year ?? 0) + 1
                }
            }
            return nil
        case .weekday:
            guard let name = groups[0]?.lowercased(), let weekday = Self.weekdays.firstIndex(of: name) else {
                return nil
            }
            return calendar.nextDate(
                after: reference,
                matching: DateComponents(weekday: weekday + 1),
                matchingPolicy: .nextTime
            )
        }
    }

    private static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private func monthNumber(_ name: String?) -> Int? {
        guard let prefix = name?.lowercased().prefix(3) else { return nil }
        return Self.months.firstIndex(of: String(prefix)).map { $0 + 1 }
    }

    /// A valid calendar date; a missing year becomes the first year that puts it on or after the reference.
    private func makeDate(year: Int?, month: Int?, day: Int?, after reference: Date) -> Date? {
        guard let month, let day, (1...12).contains(month), (1...31).contains(day) else { return nil }
        if let year {
            return exactDate(DateComponents(year: year, month: month, day: day))
        }
        // Up to two months back stays in this year ("from 1 December" written on 3 December); anything
        // earlier is next year's ("back on 5 January" written in December).
        let referenceYear = calendar.component(.year, from: reference)
        guard let thisYear = exactDate(DateComponents(year: referenceYear, month: month, day: day)) else {
            return exactDate(DateComponents(year: referenceYear + 1, month: month, day: day))
        }
        if thisYear >= reference.addingTimeInterval(-60 * 86_400) { return thisYear }
        return exactDate(DateComponents(year: referenceYear + 1, month: month, day: day))
    }

    /// The date only when the components name a real day (no 31 November rolling over).
    private func exactDate(_ components: DateComponents) -> Date? {
        guard let date = calendar.date(from: components) else { return nil }
        let check = calendar.dateComponents([.year, .month, .day], from: date)
        guard check.day == components.day, check.month == components.month else { return nil }
        return date
    }
}
