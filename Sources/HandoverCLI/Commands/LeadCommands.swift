import Foundation
import Postgres

/// `handover leads …`: an org's leads and each lead's full history.
enum LeadCommands {
    static let states = [
        "New", "Cold", "Engaged", "Warm", "Hot", "Responded", "UnSubscribed", "DeActivated", "Processed",
    ]

    static let all = [
        Command(
            words: ["leads", "list"],
            summary: "list leads, optionally by state or assistant",
            usage: "--org <slug> [--state <state>] [--assistant <handle>] [--limit <n>]"
        ) { context in
            let org = try context.org()
            let arguments = context.arguments
            if let state = arguments.options["state"], !states.contains(state) {
                throw CLIError("--state must be one of: \(states.joined(separator: ", "))")
            }
            let limit = try arguments.integer("limit", default: 100, in: 1...100_000)
            let rows = try context.database().transaction(org: org.id) { database in
                try database.query(
                    """
                    SELECT l.id, l.contact_id, l.state, a.handle, l.next_step, l.sequence_number, l.updated_at,
                        coalesce(l.state_reason, '') AS reason
                    FROM leads l JOIN assistants a ON a.id = l.assistant_id
                    WHERE ($1::text IS NULL OR l.state = $1) AND ($2::text IS NULL OR a.handle = $2)
                    ORDER BY l.updated_at DESC LIMIT $3
                    """,
                    [arguments.options["state"], arguments.options["assistant"], limit]
                ).map { row in
                    [
                        try row.decode("id", as: UUID.self).uuidString.lowercased(),
                        String(try row.decode("contact_id", as: Int.self)), try row.decode("state", as: String.self),
                        try row.decode("handle", as: String.self), String(try row.decode("next_step", as: Int.self)),
                        String(try row.decode("sequence_number", as: Int.self)),
                        ISO8601DateFormatter().string(from: try row.decode("updated_at", as: Date.self)),
                        try row.decode("reason", as: String.self),
                    ]
                }
            }
            context.output.table(
                ["lead", "contact", "state", "assistant", "next_step", "sequence", "updated_at", "reason"],
                rows,
                empty: "no leads match"
            )
        },
        Command(
            words: ["leads", "summary"],
            summary: "count an org's leads by state",
            usage: "--org <slug>"
        ) { context in
            let org = try context.org()
            let rows = try context.database().transaction(org: org.id) { database in
                try database.query("SELECT state, count(*) AS n FROM leads GROUP BY state ORDER BY state").map {
                    [try $0.decode("state", as: String.self), String(try $0.decode("n", as: Int.self))]
                }
            }
            context.output.table(["state", "leads"], rows, empty: "no leads yet")
        },
        Command(
            words: ["leads", "show"],
            summary: "one lead's full history: state changes, emails and JobAdder writes",
            usage: "--org <slug> (--lead <id> | --contact <JobAdder contact id>)"
        ) { context in
            let org = try context.org()
            let arguments = context.arguments
            let leadArgument = arguments.options["lead"].flatMap(UUID.init(uuidString:))
            let contactArgument = arguments.options["contact"].flatMap(Int.init)
            if let raw = arguments.options["lead"], leadArgument == nil {
                throw CLIError("--lead must be a lead id (a UUID, as handover leads list prints), not '\(raw)'")
            }
            if let raw = arguments.options["contact"], contactArgument == nil {
                throw CLIError("--contact must be a JobAdder contact id (a number), not '\(raw)'")
            }
            guard leadArgument != nil || contactArgument != nil else {
                throw CLIError("give --lead <uuid> or --contact <id>; see: handover leads list --org \(org.slug)")
            }
            try context.database().transaction(org: org.id) { database in
                guard
                    let lead = try database.query(
                        """
                        SELECT l.id, l.contact_id, l.state, l.email, a.handle, l.version, l.next_step, l.opens,
                            l.clicks, l.created_at, coalesce(l.state_reason, '') AS reason
                        FROM leads l JOIN assistants a ON a.id = l.assistant_id
                        WHERE l.id = $1 OR l.contact_id = $2
                        """,
                        [leadArgument, contactArgument]
                    ).first
                else {
                    let which = contactArgument.map { "for JobAdder contact \($0)" } ?? arguments.options["lead"] ?? ""
                    throw CLIError("no lead \(which) in org \(org.slug); see: handover leads list --org \(org.slug)")
                }
                let leadID = try lead.decode("id", as: UUID.self)
                let contactID = try lead.decode("contact_id", as: Int.self)
                var history: [(Date, String, String)] = []
                for row in try database.query(
                    """
                    SELECT occurred_at, kind, coalesce(from_state, '') AS f, coalesce(to_state, '') AS t,
                        coalesce(cause, '') AS c
                    FROM lead_events WHERE lead_id = $1
                    """,
                    [leadID]
                ) {
                    let from = try row.decode("f", as: String.self)
                    let to = try row.decode("t", as: String.self)
                    let change = from.isEmpty ? to : "\(from) → \(to)"
                    history.append(
                        (try row.decode("occurred_at"), "state", "\(change): \(try row.decode("c", as: String.self))")
                    )
                }
                for row in try database.query(
                    """
                    SELECT coalesce(sent_at, received_at, created_at) AS at, direction, status,
                        coalesce(subject, '') AS s, coalesce(classification, '') AS k, step
                    FROM messages WHERE lead_id = $1
                    """,
                    [leadID]
                ) {
                    let subject = try row.decode("s", as: String.self)
                    let detail: String
                    if try row.decode("direction", as: String.self) == "outbound" {
                        let step = (try row.decode("step", as: Int?.self) ?? 0) + 1
                        detail = "step \(step) \(try row.decode("status", as: String.self)): \(subject)"
                    } else {
                        detail = "received (\(try row.decode("k", as: String.self))): \(subject)"
                    }
                    history.append((try row.decode("at"), "email", detail))
                }
                for row in try database.query(
                    "SELECT written_at, summary FROM jobadder_write_log WHERE contact_id = $1",
                    [contactID]
                ) {
                    history.append((try row.decode("written_at"), "jobadder", try row.decode("summary")))
                }
                history.sort { $0.0 < $1.0 }
                let formatter = ISO8601DateFormatter()
                if context.output.json {
                    context.output.printJSON([
                        "lead": leadID.uuidString.lowercased(), "contact": contactID,
                        "state": try lead.decode("state", as: String.self),
                        "assistant": try lead.decode("handle", as: String.self),
                        "history": history.map { ["at": formatter.string(from: $0.0), "what": $0.1, "detail": $0.2] },
                    ])
                    return
                }
                let handle = try lead.decode("handle", as: String.self)
                let state = try lead.decode("state", as: String.self)
                let version = try lead.decode("version", as: Int.self)
                let opens = try lead.decode("opens", as: Int.self)
                let clicks = try lead.decode("clicks", as: Int.self)
                print("lead \(leadID.uuidString.lowercased())  contact \(contactID)  assistant \(handle)")
                print("state \(state)  version \(version)  opens \(opens)  clicks \(clicks)\n")
                for (at, what, detail) in history {
                    let label = what.padding(toLength: 8, withPad: " ", startingAt: 0)
                    print("\(formatter.string(from: at))  \(label)  \(detail)")
                }
            }
        },
    ]
}
