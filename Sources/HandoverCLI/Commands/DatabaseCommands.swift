import Postgres
import Shared
import Store

/// `handover db migrate`: applies pending schema migrations as the schema owner.
enum DatabaseCommands {
    static let all = [
        Command(
            words: ["db", "migrate"],
            summary: "apply pending schema migrations (idempotent)",
            usage: "(uses HANDOVER_MIGRATION_DATABASE_URL, the schema owner's connection)"
        ) { context in
            let url = try context.environment.url(
                "HANDOVER_MIGRATION_DATABASE_URL",
                schemes: ["postgres", "postgresql"]
            ).absoluteString
            let connection = try PostgresConnection.connect(url: url, applicationName: "handover-migrate")
            defer { connection.close() }
            let applied = try Migrator(connection: connection).migrate(logger: Logger(label: "migrate"))
            context.output.message(
                applied.isEmpty
                    ? "schema up to date (\(Migrations.all.count) migrations)"
                    : "applied: " + applied.map { "\($0.version) \($0.name)" }.joined(separator: ", "),
                data: ["applied": applied.map(\.version), "latest": Migrations.all.map(\.version).max() ?? 0]
            )
        }
    ]
}
