import Domain
import Foundation
import Postgres

/// Works out when a lead's next step is due, from its schedule and the contact's (or assistant's) zone.
enum StepPlanner {
    struct Plan {
        var schedule: ScheduleDefinition
        var timeZone: TimeZone
    }

    /// The lead's schedule and the zone its send window is evaluated in.
    static func plan(leadID: UUID, on database: PostgresConnection) throws -> Plan? {
        guard
            let row = try database.query(
                """
                SELECT s.definition::text AS schedule, l.time_zone AS contact_zone, a.time_zone AS assistant_zone
                FROM leads l JOIN assistants a ON a.id = l.assistant_id JOIN schedules s ON s.id = l.schedule_id
                WHERE l.id = $1
                """,
                [leadID]
            ).first
        else { return nil }
        let schedule = try ScheduleDefinition.parse(json: Array(try row.decode("schedule", as: String.self).utf8))
        let assistantZone = TimeZone(identifier: try row.decode("assistant_zone", as: String.self)) ?? .gmt
        let contactZone = try row.decode("contact_zone", as: String?.self).flatMap(TimeZone.init(identifier:))
        return Plan(
            schedule: schedule,
            timeZone: schedule.timeZonePolicy.timeZone(contact: contactZone, assistant: assistantZone)
        )
    }

    /// When `step` is due after `previous` (the last send, or the assignment for step 0). Past the last
    /// step, the schedule finishes once the last step's wait has run out again (time for a reply).
    static func dueTime(step: Int, after previous: Date, plan: Plan) -> Date {
        let steps = plan.schedule.steps
        guard !steps.isEmpty else { return previous }
        let delay = step < steps.count ? steps[step].delay : steps[steps.count - 1].delay
        let effective = step >= steps.count && delay.value == 0 ? StepDelay(value: 1, unit: .days) : delay
        return SendPlanner.nextSendTime(
            after: previous,
            delay: effective,
            window: plan.schedule.sendWindow,
            holidays: plan.schedule.holidays,
            timeZone: plan.timeZone
        )
    }

    /// Puts the lead's `step` on the due list (replacing whatever was there).
    static func schedule(
        leadID: UUID,
        step: Int,
        sequence: Int,
        dueAt: Date,
        on database: PostgresConnection
    ) throws {
        try database.execute(
            """
            INSERT INTO due_steps (lead_id, org_id, assistant_id, due_at, sequence_number, step)
            SELECT l.id, l.org_id, l.assistant_id, $2, $3, $4 FROM leads l WHERE l.id = $1
            ON CONFLICT (lead_id) DO UPDATE SET due_at = excluded.due_at, sequence_number = excluded.sequence_number,
                step = excluded.step, claimed_until = NULL, claimed_by = NULL
            """,
            [leadID, dueAt, sequence, step]
        )
    }
}
