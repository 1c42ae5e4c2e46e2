import Foundation
import JobAdder
import Postgres
import Shared
import WorkerKit

/// `handover jobadder …`: connecting an org's JobAdder account and looking at the connection.
enum JobAdderCommands {
    static let all = [
        Command(
            words: ["jobadder", "connect"],
            summary: "print the URL an org admin opens to connect JobAdder (valid 15 minutes)",
            usage: "--org <slug>"
        ) { context in
            let org = try context.org()
            let (connector, pool) = try makeConnector(context)
            defer { pool.close() }
            try context.database().transaction(org: org.id) { database in
                try database.execute(
                    """
                    INSERT INTO jobadder_connections (org_id, state) VALUES ($1, 'pending')
                    ON CONFLICT (org_id) DO NOTHING
                    """,
                    [org.id]
                )
            }
            let url = connector.authorizeURL(orgID: org.id)
            context.output.message(
                "Open this URL as a JobAdder admin of \(org.name) to connect it:\n\(url)",
                data: ["authorize_url": url]
            )
        },
        Command(
            words: ["jobadder", "disconnect"],
            summary: "delete the org's JobAdder webhook, then its tokens",
            usage: "--org <slug>"
        ) { context in
            let org = try context.org()
            let (connector, pool) = try makeConnector(context)
            defer { pool.close() }
            try connector.disconnect(orgID: org.id)
            context.output.message("disconnected \(org.slug) from JobAdder (webhook deleted, tokens discarded)")
        },
        Command(
            words: ["jobadder", "status"],
            summary: "the org's JobAdder connection: state, webhook, token refresh, last error",
            usage: "--org <slug>"
        ) { context in
            let org = try context.org()
            let row = try context.database().transaction(org: org.id) { database in
                try database.query(
                    """
                    SELECT state, coalesce(api_base_url, '-') AS api, coalesce(webhook_id, '-') AS webhook,
                        coalesce(webhook_status, '-') AS webhook_status, refreshed_at, access_expires_at,
                        last_poll_at, coalesce(last_error, '') AS last_error
                    FROM jobadder_connections WHERE org_id = $1
                    """,
                    [org.id]
                ).first
            }
            guard let row else {
                throw CLIError("\(org.slug) has never been connected; run: handover jobadder connect --org \(org.slug)")
            }
            let state = try row.decode("state", as: String.self)
            let formatter = ISO8601DateFormatter()
            func time(_ column: String) throws -> String {
                try row.decode(column, as: Date?.self).map(formatter.string(from:)) ?? "-"
            }
            let next: String
            switch state {
            case "connected": next = "nothing to do"
            case "reconnect_needed":
                next = "a JobAdder admin must reconnect: handover jobadder connect --org \(org.slug)"
            case "pending": next = "waiting for the admin to open the connect URL"
            default: next = "connect it: handover jobadder connect --org \(org.slug)"
            }
            context.output.object([
                "org": org.slug, "state": state, "api": try row.decode("api", as: String.self),
                "webhook": try row.decode("webhook", as: String.self),
                "webhook_status": try row.decode("webhook_status", as: String.self),
                "tokens_refreshed_at": try time("refreshed_at"), "access_expires_at": try time("access_expires_at"),
                "last_poll_at": try time("last_poll_at"), "last_error": try row.decode("last_error", as: String.self),
                "next_step": next,
            ])
        },
        Command(
            words: ["jobadder", "pace"],
            summary: "set the most requests per second Handover sends to this org's JobAdder account",
            usage: "--org <slug> --rps <n>"
        ) { context in
            let org = try context.org()
            let rps = try context.arguments.integer("rps", default: 0, in: 1...100_000)
            guard context.arguments.options["rps"] != nil else { throw CLIError("missing --rps <requests per second>") }
            try context.database().transaction(org: org.id) { database in
                try database.execute(
                    """
                    INSERT INTO jobadder_pace (org_id, requests_per_second) VALUES ($1, $2)
                    ON CONFLICT (org_id) DO UPDATE SET requests_per_second = excluded.requests_per_second
                    """,
                    [org.id, Double(rps)]
                )
            }
            context.output.message("\(org.slug): at most \(rps) JobAdder requests per second across all workers")
        },
    ]

    static func makeConnector(_ context: CLIContext) throws -> (JobAdderConnector, PostgresPool) {
        let settings = try JobAdderSettings(environment: context.environment)
        let url = try context.environment.url("HANDOVER_DATABASE_URL", schemes: ["postgres", "postgresql"])
            .absoluteString
        let pool = PostgresPool(url: url, applicationName: "handover-cli", size: 2)
        let logger = Logger(label: "handover-cli", logLevel: .warning)
        let client = JobAdderAccess.makeClient(settings: settings, pool: pool, logger: logger)
        return (JobAdderConnector(settings: settings, client: client, pool: pool, logger: logger), pool)
    }
}
