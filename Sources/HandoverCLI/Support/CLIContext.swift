import Foundation
import Postgres
import Shared

/// What every command gets: parsed arguments, output style, the environment and a database connection.
final class CLIContext {
    let arguments: Arguments
    let output: Output
    let environment: Environment
    private var openedDatabase: PostgresConnection?

    init(arguments: Arguments, environment: Environment) {
        self.arguments = arguments
        self.output = Output(json: arguments.wantsJSON)
        self.environment = environment
    }

    /// The workers' database role (`HANDOVER_DATABASE_URL`), connected on first use.
    func database() throws -> PostgresConnection {
        if let openedDatabase { return openedDatabase }
        let url = try environment.url("HANDOVER_DATABASE_URL", schemes: ["postgres", "postgresql"]).absoluteString
        let connection = try PostgresConnection.connect(url: url, applicationName: "handover-cli")
        openedDatabase = connection
        return connection
    }

    /// The org named by `--org` (its slug), or a clear error listing how to find slugs.
    func org() throws -> OrgRecord {
        let slug = try arguments.required("org", hint: "the org's slug; see: handover orgs list")
        let found = try database().systemTransaction { database in
            try database.query("SELECT id, slug, name FROM orgs WHERE slug = $1", [slug]).first.map {
                OrgRecord(id: try $0.decode("id"), slug: try $0.decode("slug"), name: try $0.decode("name"))
            }
        }
        guard let found else { throw CLIError("no org with slug '\(slug)'; see: handover orgs list") }
        return found
    }

    func close() {
        openedDatabase?.close()
    }
}

/// An org as the CLI shows it.
struct OrgRecord {
    var id: UUID
    var slug: String
    var name: String
}
