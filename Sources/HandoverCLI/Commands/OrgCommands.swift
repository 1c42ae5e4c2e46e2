import Foundation
import Postgres

/// `handover orgs …`: customer orgs (tenants).
enum OrgCommands {
    static let all = [
        Command(
            words: ["orgs", "create"],
            summary: "create an org",
            usage: "--slug <a-z0-9-> --name <name> [--active-status <name>] [--inactive-status <name>]"
        ) { context in
            let arguments = context.arguments
            let slug = try arguments.required("slug", hint: "lowercase letters, digits and dashes, e.g. tesla")
            guard slug.range(of: "^[a-z0-9][a-z0-9-]{1,62}$", options: .regularExpression) != nil else {
                throw CLIError(
                    "--slug must be 2-63 lowercase letters, digits or dashes, starting with a letter or digit"
                )
            }
            let name = try arguments.required("name", hint: "the customer's name")
            let active = arguments.options["active-status"] ?? "Active Contact"
            let inactive = arguments.options["inactive-status"] ?? "Inactive Contact"
            let id = UUID()
            do {
                try context.database().transaction(org: id) { database in
                    try database.execute(
                        """
                        INSERT INTO orgs (id, slug, name, active_status_name, inactive_status_name)
                        VALUES ($1, $2, $3, $4, $5)
                        """,
                        [id, slug, name, active, inactive]
                    )
                }
            } catch let error as PostgresError where error.isUniqueViolation {
                throw CLIError("an org with slug '\(slug)' already exists; see: handover orgs list")
            }
            context.output.message(
                "created org \(slug) (\(id.uuidString.lowercased()))",
                data: ["id": id.uuidString.lowercased(), "slug": slug]
            )
        },
        Command(words: ["orgs", "list"], summary: "list orgs and their JobAdder connection", usage: "") { context in
            let rows = try context.database().systemTransaction { database in
                try database.query(
                    """
                    SELECT o.slug, o.name, o.id, coalesce(c.state, 'not connected') AS jobadder,
                        (SELECT count(*) FROM leads l WHERE l.org_id = o.id) AS leads
                    FROM orgs o LEFT JOIN jobadder_connections c ON c.org_id = o.id ORDER BY o.slug
                    """
                ).map { row in
                    [
                        try row.decode("slug", as: String.self), try row.decode("name", as: String.self),
                        try row.decode("id", as: UUID.self).uuidString.lowercased(),
                        try row.decode("jobadder", as: String.self), String(try row.decode("leads", as: Int.self)),
                    ]
                }
            }
            context.output.table(
                ["slug", "name", "id", "jobadder", "leads"],
                rows,
                empty: "no orgs yet; create one: handover orgs create --slug … --name …"
            )
        },
    ]
}
