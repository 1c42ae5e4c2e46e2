import Domain
import Foundation
import Postgres

/// `handover assistants …`: the AI assistants of an org and their CRM integration status.
enum AssistantCommands {
    static let all = [
        Command(
            words: ["assistants", "create"],
            summary: "create an assistant from its mailbox address (the handle is derived)",
            usage: """
                --org <slug> --mailbox <name@org.<mailbox domain>> --name <display name> [--time-zone <IANA zone>] \
                [--daily-cap <n>] [--capacity <n>] [--context <name>] [--schedule <name>] \
                [--spacing-seconds <n>] [--jitter-seconds <n>]
                """
        ) { context in
            let arguments = context.arguments
            let org = try context.org()
            let mailbox = try arguments.required("mailbox", hint: "e.g. ashley@tesla.7ts-e.com").lowercased()
            let domain = try context.environment.string("HANDOVER_MAILBOX_DOMAIN", default: "7ts-e.com")
            let handle: String
            do {
                handle = try AssistantHandle.derive(mailbox: mailbox, mailboxDomain: domain)
            } catch {
                throw CLIError("\(error)")
            }
            let name = try arguments.required("name", hint: "the sender's display name, e.g. Ashley")
            let zone = arguments.options["time-zone"] ?? "UTC"
            guard TimeZone(identifier: zone) != nil else {
                throw CLIError("--time-zone '\(zone)' is not an IANA time zone (e.g. Australia/Sydney)")
            }
            let cap = try arguments.integer("daily-cap", default: 200, in: 1...100_000)
            let capacity = try arguments.integer("capacity", default: 1_000, in: 1...1_000_000)
            let spacing = try arguments.integer("spacing-seconds", default: 0, in: 0...86_400)
            let jitter = try arguments.integer("jitter-seconds", default: 0, in: 0...86_400)
            let id = UUID()
            try context.database().transaction(org: org.id) { database in
                let contextID = try arguments.options["context"].map {
                    try DefinitionCommands.definitionID(table: "contexts", name: $0, orgID: org.id, on: database)
                }
                let scheduleID = try arguments.options["schedule"].map {
                    try DefinitionCommands.definitionID(table: "schedules", name: $0, orgID: org.id, on: database)
                }
                do {
                    try database.execute(
                        """
                        INSERT INTO assistants (id, org_id, handle, mailbox, display_name, time_zone, daily_cap,
                            lead_capacity, default_context_id, default_schedule_id, min_spacing_seconds,
                            spacing_jitter_seconds)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                        """,
                        [
                            id, org.id, handle, mailbox, name, zone, cap, capacity, contextID, scheduleID, spacing,
                            jitter,
                        ]
                    )
                } catch let error as PostgresError where error.isUniqueViolation {
                    throw CLIError("an assistant with mailbox \(mailbox) or handle \(handle) already exists")
                }
            }
            context.output.message(
                "created assistant \(handle); in JobAdder create the contact status "
                    + "'\(AssignmentStatusName.canonicalName(for: handle))'",
                data: ["id": id.uuidString.lowercased(), "handle": handle]
            )
        },
        Command(
            words: ["assistants", "update"],
            summary: "change an assistant's defaults, caps or time zone",
            usage: """
                --org <slug> --handle <handle> [--context <name>] [--schedule <name>] [--daily-cap <n>] \
                [--capacity <n>] [--time-zone <zone>] [--spacing-seconds <n>] [--jitter-seconds <n>]
                """
        ) { context in
            let arguments = context.arguments
            let org = try context.org()
            let handle = try arguments.required("handle", hint: "see: handover assistants list --org …")
            try context.database().transaction(org: org.id) { database in
                var sets: [String] = []
                var binds: [any PostgresEncodable] = [org.id, handle]
                func add(_ column: String, _ value: any PostgresEncodable) {
                    binds.append(value)
                    sets.append("\(column) = $\(binds.count)")
                }
                if let name = arguments.options["context"] {
                    add(
                        "default_context_id",
                        try DefinitionCommands.definitionID(
                            table: "contexts",
                            name: name,
                            orgID: org.id,
                            on: database
                        )
                    )
                }
                if let name = arguments.options["schedule"] {
                    add(
                        "default_schedule_id",
                        try DefinitionCommands.definitionID(
                            table: "schedules",
                            name: name,
                            orgID: org.id,
                            on: database
                        )
                    )
                }
                if arguments.options["daily-cap"] != nil {
                    add("daily_cap", try arguments.integer("daily-cap", default: 0, in: 1...100_000))
                }
                if arguments.options["capacity"] != nil {
                    add("lead_capacity", try arguments.integer("capacity", default: 0, in: 1...1_000_000))
                }
                if arguments.options["spacing-seconds"] != nil {
                    add("min_spacing_seconds", try arguments.integer("spacing-seconds", default: 0, in: 0...86_400))
                }
                if arguments.options["jitter-seconds"] != nil {
                    add("spacing_jitter_seconds", try arguments.integer("jitter-seconds", default: 0, in: 0...86_400))
                }
                if let zone = arguments.options["time-zone"] {
                    guard TimeZone(identifier: zone) != nil else { throw CLIError("unknown time zone '\(zone)'") }
                    add("time_zone", zone)
                }
                guard !sets.isEmpty else { throw CLIError("nothing to change; see: handover assistants update --help") }
                let changed = try database.execute(
                    "UPDATE assistants SET \(sets.joined(separator: ", ")) WHERE org_id = $1 AND handle = $2",
                    binds
                )
                guard changed == 1 else { throw CLIError("no assistant '\(handle)' in org \(org.slug)") }
            }
            context.output.message("updated assistant \(handle)")
        },
        Command(words: ["assistants", "list"], summary: "list an org's assistants", usage: "--org <slug>") { context in
            let org = try context.org()
            let rows = try context.database().transaction(org: org.id) { database in
                try database.query(
                    """
                    SELECT a.handle, a.mailbox, a.display_name, a.time_zone, a.daily_cap, a.lead_capacity,
                        coalesce(c.name, '-') AS context, coalesce(s.name, '-') AS schedule, a.crm_status,
                        (SELECT count(*) FROM leads l WHERE l.assistant_id = a.id
                            AND l.state IN ('New', 'Cold', 'Engaged', 'Warm')) AS active_leads
                    FROM assistants a
                    LEFT JOIN contexts c ON c.id = a.default_context_id
                    LEFT JOIN schedules s ON s.id = a.default_schedule_id
                    ORDER BY a.handle
                    """
                ).map { row in
                    [
                        try row.decode("handle", as: String.self), try row.decode("mailbox", as: String.self),
                        try row.decode("display_name", as: String?.self) ?? "",
                        try row.decode("time_zone", as: String?.self) ?? "",
                        String(try row.decode("daily_cap", as: Int.self)),
                        String(try row.decode("lead_capacity", as: Int.self)),
                        String(try row.decode("active_leads", as: Int.self)),
                        try row.decode("context", as: String.self),
                        try row.decode("schedule", as: String.self), try row.decode("crm_status", as: String.self),
                    ]
                }
            }
            context.output.table(
                [
                    "handle", "mailbox", "name", "time_zone", "daily_cap", "capacity", "active_leads", "context",
                    "schedule", "crm_status",
                ],
                rows,
                empty: "no assistants; create one: handover assistants create --org \(org.slug) --mailbox … --name …"
            )
        },
        Command(
            words: ["assistants", "status"],
            summary: "CRM integration status of each assistant, orphan and missing statuses",
            usage: "--org <slug> [--refresh]"
        ) { context in
            try IntegrationStatusCommand.run(context)
        },
    ]
}
