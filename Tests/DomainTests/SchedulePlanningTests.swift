import Domain
import Foundation
import Testing

@Suite("Schedule planning")
struct SchedulePlanningTests {
    @Test func plansAStepAndHonoursAPause() throws {
        let schedule = ScheduleDefinition(
            steps: [
                ScheduleStep(delay: StepDelay(value: 0, unit: .businessDays)),
                ScheduleStep(delay: StepDelay(value: 2, unit: .businessDays)),
            ],
            holidays: [try #require(LocalDate("2026-01-14"))]
        )
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        // Monday 2026-01-12 10:00 EST + 2 business days, Wednesday a holiday: Thursday 10:00.
        let monday = try SendPlannerTests.utc("2026-01-12T15:00:00Z")
        #expect(
            schedule.nextSendTime(forStep: 1, after: monday, timeZone: zone)
                == (try SendPlannerTests.utc("2026-01-15T15:00:00Z"))
        )
        // Paused until Saturday: the next window is Monday 09:00.
        let saturday = try SendPlannerTests.utc("2026-01-17T12:00:00Z")
        #expect(
            schedule.nextSendTime(forStep: 1, after: monday, pausedUntil: saturday, timeZone: zone)
                == (try SendPlannerTests.utc("2026-01-19T14:00:00Z"))
        )
        #expect(schedule.nextSendTime(forStep: 2, after: monday, timeZone: zone) == nil)
    }
}
