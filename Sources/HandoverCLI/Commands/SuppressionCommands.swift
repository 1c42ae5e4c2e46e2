import Foundation
import Postgres

/// `handover suppressions …`: addresses an org's assistants must never email.
enum SuppressionCommands {
    static let all = [
        Command(
            words: ["suppressions", "add"],
            summary: "never email this address again (org-wide)",
            usage: "--org <slug> --email <address> [--reason <text>]"
        ) { context in
            let org = try context.org()
            let email = try context.arguments.required("email", hint: "the address to suppress").lowercased()
            guard email.contains("@"), email.count <= 320 else { throw CLIError("--email is not an email address") }
            try context.database().transaction(org: org.id) { database in
                try database.execute(
                    """
                    INSERT INTO suppressions (org_id, email, reason) VALUES ($1, $2, $3)
                    ON CONFLICT DO NOTHING
                    """,
                    [org.id, email, context.arguments.options["reason"] ?? "added by an operator"]
                )
            }
            context.output.message("suppressed \(email) for \(org.slug)")
        },
        Command(
            words: ["suppressions", "remove"],
            summary: "allow an address again",
            usage: "--org <slug> --email <address>"
        ) {
            context in
            let org = try context.org()
            let email = try context.arguments.required("email", hint: "the address to allow").lowercased()
            let removed = try context.database().transaction(org: org.id) { database in
                try database.execute("DELETE FROM suppressions WHERE lower(email) = $1", [email])
            }
            guard removed > 0 else { throw CLIError("\(email) is not suppressed in \(org.slug)") }
            context.output.message("removed \(email) from \(org.slug)'s suppression list")
        },
        Command(words: ["suppressions", "list"], summary: "list an org's suppressed addresses", usage: "--org <slug>") {
            context in
            let org = try context.org()
            let rows = try context.database().transaction(org: org.id) { database in
                try database.query(
                    "SELECT email, coalesce(reason, '') AS reason, created_at FROM suppressions ORDER BY email"
                )
                .map { row in
                    [
                        try row.decode("email", as: String.self), try row.decode("reason", as: String.self),
                        ISO8601DateFormatter().string(from: try row.decode("created_at", as: Date.self)),
                    ]
                }
            }
            context.output.table(["email", "reason", "since"], rows, empty: "no suppressed addresses")
        },
    ]
}
