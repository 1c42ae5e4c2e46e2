import Domain
import Foundation
import Testing

@Suite("Send planner")
struct SendPlannerTests {
    static let newYork = TimeZone(identifier: "America/New_York")
    static let london = TimeZone(identifier: "Europe/London")

    static func utc(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        return try #require(formatter.date(from: text))
    }

    static func window(_ start: String, _ end: String, _ days: Set<Weekday> = Weekday.workingWeek) throws
        -> SendWindow
    {
        SendWindow(start: try #require(LocalTime(start)), end: try #require(LocalTime(end)), days: days)
    }

    static func dates(_ texts: String...) -> Set<LocalDate> { Set(texts.compactMap(LocalDate.init)) }

    static func plan(
        _ after: String,
        _ value: Int,
        _ unit: StepDelay.Unit,
        window: SendWindow = .officeHours,
        holidays: Set<LocalDate> = [],
        zone: TimeZone?
    ) throws -> Date {
        SendPlanner.nextSendTime(
            after: try utc(after),
            delay: StepDelay(value: value, unit: unit),
            window: window,
            holidays: holidays,
            timeZone: try #require(zone)
        )
    }

    @Test func businessDaysSkipTheWeekend() throws {
        // Friday 2026-03-06 10:00 EST + 1 business day = Monday 10:00 EDT (DST began on Sunday).
        #expect(
            try Self.plan("2026-03-06T15:00:00Z", 1, .businessDays, zone: Self.newYork)
                == Self.utc("2026-03-09T14:00:00Z")
        )
        // Thursday + 2 business days = Monday.
        #expect(
            try Self.plan("2026-03-05T15:00:00Z", 2, .businessDays, zone: Self.newYork)
                == Self.utc("2026-03-09T14:00:00Z")
        )
        // Saturday + 1 business day = Monday, same wall-clock time.
        #expect(
            try Self.plan("2026-03-07T15:00:00Z", 1, .businessDays, zone: Self.newYork)
                == Self.utc("2026-03-09T14:00:00Z")
        )
    }

    @Test func businessDaysSkipHolidays() throws {
        // London, Thursday 2026-12-24 15:00 GMT + 1 business day, with the 25th and 28th off: Tuesday the 29th.
        #expect(
            try Self.plan(
                "2026-12-24T15:00:00Z",
                1,
                .businessDays,
                holidays: Self.dates("2026-12-25", "2026-12-28"),
                zone: Self.london
            )
                == Self.utc("2026-12-29T15:00:00Z")
        )
        // A window opening on a holiday moves to the next allowed day.
        #expect(
            try Self.plan(
                "2026-12-25T08:00:00Z",
                0,
                .businessDays,
                holidays: Self.dates("2026-12-25", "2026-12-28"),
                zone: Self.london
            )
                == Self.utc("2026-12-29T09:00:00Z")
        )
    }

    @Test func resultMovesIntoTheWindow() throws {
        // Friday 18:00 New York, no delay: Monday 09:00.
        #expect(
            try Self.plan("2026-01-09T23:00:00Z", 0, .businessDays, zone: Self.newYork)
                == Self.utc("2026-01-12T14:00:00Z")
        )
        // Tuesday 07:00: 09:00 the same day.
        #expect(
            try Self.plan("2026-01-13T12:00:00Z", 0, .hours, zone: Self.newYork)
                == Self.utc("2026-01-13T14:00:00Z")
        )
        // Inside the window: unchanged.
        #expect(
            try Self.plan("2026-01-13T15:30:00Z", 0, .hours, zone: Self.newYork)
                == Self.utc("2026-01-13T15:30:00Z")
        )
        // Exactly at the end: the window is half-open, so the next morning.
        #expect(
            try Self.plan("2026-01-13T22:00:00Z", 0, .hours, zone: Self.newYork)
                == Self.utc("2026-01-14T14:00:00Z")
        )
    }

    @Test func hoursAreElapsedTimeAndDaysKeepTheWallClock() throws {
        let sevenDays = try Self.window("00:00", "24:00", Set(Weekday.allCases))
        // Saturday 2026-03-07 10:00 EST. +24 hours crosses the spring-forward night: 11:00 EDT.
        #expect(
            try Self.plan("2026-03-07T15:00:00Z", 24, .hours, window: sevenDays, zone: Self.newYork)
                == Self.utc("2026-03-08T15:00:00Z")
        )
        // +1 day keeps 10:00 local: only 23 hours later.
        #expect(
            try Self.plan("2026-03-07T15:00:00Z", 1, .days, window: sevenDays, zone: Self.newYork)
                == Self.utc("2026-03-08T14:00:00Z")
        )
        // London fall-back: Saturday 2026-10-24 10:00 BST + 1 day = Sunday 10:00 GMT, 25 hours later.
        #expect(
            try Self.plan("2026-10-24T09:00:00Z", 1, .days, window: sevenDays, zone: Self.london)
                == Self.utc("2026-10-25T10:00:00Z")
        )
        #expect(
            try Self.plan("2026-10-24T09:00:00Z", 24, .hours, window: sevenDays, zone: Self.london)
                == Self.utc("2026-10-25T09:00:00Z")
        )
    }

    @Test func windowStartInTheSpringForwardGapOpensWhenTheClocksJump() throws {
        let early = try Self.window("02:30", "06:00", [.sunday])
        // New York 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00 UTC); 02:30 does not exist.
        #expect(
            try Self.plan("2026-03-08T05:00:00Z", 0, .hours, window: early, zone: Self.newYork)
                == Self.utc("2026-03-08T07:00:00Z")
        )
        // London 2026-03-29: 01:00 GMT jumps to 02:00 BST (01:00 UTC); 01:30 does not exist.
        let london = try Self.window("01:30", "06:00", [.sunday])
        #expect(
            try Self.plan("2026-03-28T23:00:00Z", 0, .hours, window: london, zone: Self.london)
                == Self.utc("2026-03-29T01:00:00Z")
        )
    }

    @Test func windowStartInTheRepeatedHourUsesTheFirstOccurrence() throws {
        // New York 2026-11-01: 01:30 happens twice (EDT 05:30 UTC, then EST 06:30 UTC).
        let early = try Self.window("01:30", "06:00", [.sunday])
        #expect(
            try Self.plan("2026-11-01T03:00:00Z", 0, .hours, window: early, zone: Self.newYork)
                == Self.utc("2026-11-01T05:30:00Z")
        )
        // London 2026-10-25: 01:30 BST (00:30 UTC) comes first.
        #expect(
            try Self.plan("2026-10-24T22:00:00Z", 0, .hours, window: early, zone: Self.london)
                == Self.utc("2026-10-25T00:30:00Z")
        )
        // Inside the second 01:xx hour, still in the window: unchanged.
        #expect(
            try Self.plan("2026-11-01T06:10:00Z", 0, .hours, window: early, zone: Self.newYork)
                == Self.utc("2026-11-01T06:10:00Z")
        )
    }

    @Test func officeHoursAroundDSTWeekends() throws {
        // Friday 16:00 EST + 1 business day over the spring-forward weekend: Monday 16:00 EDT.
        #expect(
            try Self.plan("2026-03-06T21:00:00Z", 1, .businessDays, zone: Self.newYork)
                == Self.utc("2026-03-09T20:00:00Z")
        )
        // London: Friday 2026-10-23 16:00 BST + 1 business day: Monday 16:00 GMT.
        #expect(
            try Self.plan("2026-10-23T15:00:00Z", 1, .businessDays, zone: Self.london)
                == Self.utc("2026-10-26T16:00:00Z")
        )
    }

    @Test func businessHoursCountOnlyWindowTime() throws {
        // Friday 16:00 New York + 2 business hours: 1 h on Friday, 1 h on Monday: Monday 10:00.
        #expect(
            try Self.plan("2026-01-09T21:00:00Z", 2, .businessHours, zone: Self.newYork)
                == Self.utc("2026-01-12T15:00:00Z")
        )
        // Exactly the rest of the day lands on the next window's start.
        #expect(
            try Self.plan("2026-01-09T21:00:00Z", 1, .businessHours, zone: Self.newYork)
                == Self.utc("2026-01-12T14:00:00Z")
        )
        // 16 business hours from Monday 09:00 = Wednesday 09:00.
        #expect(
            try Self.plan("2026-01-12T14:00:00Z", 16, .businessHours, zone: Self.newYork)
                == Self.utc("2026-01-14T14:00:00Z")
        )
    }

    @Test func emptyWindowNeverSends() throws {
        let never = try Self.window("09:00", "17:00", [])
        #expect(
            try Self.plan("2026-01-09T21:00:00Z", 1, .businessDays, window: never, zone: Self.newYork)
                == .distantFuture
        )
        #expect(
            try Self.plan("2026-01-09T21:00:00Z", 1, .hours, window: never, zone: Self.newYork)
                == .distantFuture
        )
    }

    @Test func timeZonePolicyPrefersTheContact() throws {
        let contact = try #require(Self.london)
        let assistant = try #require(Self.newYork)
        #expect(TimeZonePolicy.contactThenAssistant.timeZone(contact: contact, assistant: assistant) == contact)
        #expect(TimeZonePolicy.contactThenAssistant.timeZone(contact: nil, assistant: assistant) == assistant)
        #expect(TimeZonePolicy.assistant.timeZone(contact: contact, assistant: assistant) == assistant)
    }

    @Test(arguments: ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])
    func zonedClockAgreesWithCalendar(identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let clock = ZonedClock(timeZone: zone)
        var instant = try Self.utc("2025-12-30T00:17:00Z")
        let end = try Self.utc("2027-01-02T00:00:00Z")
        while instant < end {
            let local = clock.local(instant)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
            #expect(local.date == LocalDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0))
            #expect(local.secondsOfDay == (parts.hour ?? 0) * 3600 + (parts.minute ?? 0) * 60 + (parts.second ?? 0))
            #expect(clock.instant(local.date, secondsOfDay: local.secondsOfDay) <= instant)
            instant = instant.addingTimeInterval(5 * 3600 + 7 * 60)
        }
    }

    @Test func localDateArithmetic() throws {
        let date = try #require(LocalDate("2024-02-28"))
        #expect(date.adding(days: 1).description == "2024-02-29")
        #expect(date.adding(days: 2).description == "2024-03-01")
        #expect(LocalDate(dayNumber: 0).description == "1970-01-01")
        #expect(LocalDate(dayNumber: 0).weekday == .thursday)
        #expect(try #require(LocalDate("2026-12-25")).weekday == .friday)
        #expect(LocalDate("2026-02-29") == nil && LocalDate("2026-1-05") == nil && LocalDate("2026-13-01") == nil)
        for day in -800_000...(-799_000) {
            #expect(LocalDate(dayNumber: day).dayNumber == day)
        }
        #expect(LocalTime("24:00") != nil && LocalTime("24:01") == nil && LocalTime("7:00") == nil)
    }
}
