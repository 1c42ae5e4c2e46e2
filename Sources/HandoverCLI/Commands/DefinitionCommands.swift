import Domain
import Foundation
import Postgres

/// `handover contexts …` and `handover schedules …`: what assistants say and when, as JSON files.
enum DefinitionCommands {
    static let all = [
        apply(kind: "contexts", noun: "context"),
        list(kind: "contexts"),
        show(kind: "contexts"),
        apply(kind: "schedules", noun: "schedule"),
        list(kind: "schedules"),
        show(kind: "schedules"),
    ]

    /// The id of a context or schedule by name, or an error that says how to list them.
    static func definitionID(table: String, name: String, orgID: UUID, on database: PostgresConnection) throws -> UUID {
        guard
            let row = try database.query("SELECT id FROM \(table) WHERE org_id = $1 AND name = $2", [orgID, name]).first
        else { throw CLIError("no \(table.dropLast()) named '\(name)'; see: handover \(table) list --org …") }
        return try row.decode("id", as: UUID.self)
    }

    private static func apply(kind: String, noun: String) -> Command {
        Command(
            words: [kind, "apply"],
            summary: "create or update a \(noun) from a JSON file (validated)",
            usage: "--org <slug> --name <name> --file <path.json>"
        ) { context in
            let org = try context.org()
            let name = try context.arguments.required("name", hint: "the \(noun)'s name")
            guard name.count <= 100 else { throw CLIError("--name must be at most 100 characters") }
            let path = try context.arguments.required("file", hint: "a JSON file; see docs/operations.md")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("cannot read \(path)")
            }
            guard data.count <= 512 * 1024 else { throw CLIError("\(path) is larger than 512 KB") }
            do {
                if kind == "contexts" {
                    _ = try ContextDefinition.parse(json: [UInt8](data))
                } else {
                    _ = try ScheduleDefinition.parse(json: [UInt8](data))
                }
            } catch {
                throw CLIError("\(path): \(error)")
            }
            let text = String(decoding: data, as: UTF8.self)
            try context.database().transaction(org: org.id) { database in
                try database.execute(
                    """
                    INSERT INTO \(kind) (org_id, name, definition) VALUES ($1, $2, $3::jsonb)
                    ON CONFLICT (org_id, name) DO UPDATE SET definition = excluded.definition, updated_at = now()
                    """,
                    [org.id, name, text]
                )
            }
            context.output.message("saved \(noun) '\(name)' for \(org.slug)")
        }
    }

    private static func list(kind: String) -> Command {
        Command(words: [kind, "list"], summary: "list an org's \(kind)", usage: "--org <slug>") { context in
            let org = try context.org()
            let rows = try context.database().transaction(org: org.id) { database in
                try database.query(
                    """
                    SELECT name, jsonb_array_length(coalesce(definition->'steps', '[]'::jsonb)) AS steps, updated_at
                    FROM \(kind) ORDER BY name
                    """
                ).map { row in
                    [
                        try row.decode("name", as: String.self), String(try row.decode("steps", as: Int.self)),
                        ISO8601DateFormatter().string(from: try row.decode("updated_at", as: Date.self)),
                    ]
                }
            }
            context.output.table(
                ["name", "steps", "updated_at"],
                rows,
                empty: "none yet; add one: handover \(kind) apply …"
            )
        }
    }

    private static func show(kind: String) -> Command {
        Command(
            words: [kind, "show"],
            summary: "print one of an org's \(kind) as JSON",
            usage: "--org <slug> --name <name>"
        ) {
            context in
            let org = try context.org()
            let name = try context.arguments.required("name", hint: "see: handover \(kind) list --org \(org.slug)")
            let text = try context.database().transaction(org: org.id) { database in
                try database.query("SELECT definition::text AS d FROM \(kind) WHERE name = $1", [name]).first?
                    .decode("d", as: String.self)
            }
            guard let text else { throw CLIError("no \(kind.dropLast()) named '\(name)'") }
            print(text)
        }
    }
}
