import Postgres
import Shared

/// Brings a database's schema up to `migrations`, run as the role that owns the tables (`handover_owner`).
///
/// Holds a session advisory lock while it works, so two migrators never race: the second waits, then finds
/// nothing left to do. Each pending migration runs in its own transaction together with its row in
/// `schema_migrations (version, name, checksum, applied_at)`; the checksum is the SHA-256 (hex) of its SQL.
public struct Migrator {
    /// Advisory lock key: the ASCII bytes of "handover".
    static let lockKey: Int64 = 0x6861_6E64_6F76_6572

    public let connection: PostgresConnection
    public let migrations: [Migration]

    public init(connection: PostgresConnection, migrations: [Migration] = Migrations.all) {
        self.connection = connection
        self.migrations = migrations
    }

    /// Applies every pending migration in version order and returns the ones applied by this call.
    ///
    /// Throws `MigrationError` before changing anything when the list is not strictly increasing or an
    /// applied migration's SQL has changed since; throws `PostgresError` when a migration fails (that
    /// migration is rolled back; earlier ones stay applied).
    @discardableResult
    public func migrate(logger: Logger) throws -> [Migration] {
        try checkOrder()
        try connection.execute("SELECT pg_advisory_lock($1)", [Self.lockKey])
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [Self.lockKey]) }

        try connection.simpleQuery(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """
        )
        let applied = try appliedChecksums()
        var pending: [Migration] = []
        for migration in migrations {
            let checksum = try checksum(of: migration)
            if let recorded = applied[migration.version] {
                guard recorded == checksum else {
                    throw MigrationError(
                        "migration \(migration.version) (\(migration.name)) was changed after it was applied"
                    )
                }
            } else {
                pending.append(migration)
            }
        }
        let known = Set(migrations.map(\.version))
        for version in applied.keys.sorted() where !known.contains(version) {
            logger.warning("database has a migration this build does not know", ["version": String(version)])
        }

        for migration in pending {
            let checksum = try checksum(of: migration)
            try connection.transaction { connection in
                try connection.simpleQuery(migration.sql)
                try connection.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    [migration.version, migration.name, checksum]
                )
            }
            logger.info("applied migration", ["version": String(migration.version), "name": migration.name])
        }
        return pending
    }

    /// Versions recorded in `schema_migrations`, ascending; empty when the table does not exist yet.
    public func appliedVersions() throws -> [Int] {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
        guard let row = exists.first, try row.decode("present", as: Bool.self) else { return [] }
        return try connection.query("SELECT version FROM schema_migrations ORDER BY version")
            .map { try $0.decode("version", as: Int.self) }
    }

    private func appliedChecksums() throws -> [Int: String] {
        var checksums: [Int: String] = [:]
        for row in try connection.query("SELECT version, checksum FROM schema_migrations") {
            checksums[try row.decode("version")] = try row.decode("checksum", as: String.self)
        }
        return checksums
    }

    /// SHA-256 of the SQL's UTF-8 bytes as lowercase hex, computed by the server.
    private func checksum(of migration: Migration) throws -> String {
        let rows = try connection.query(
            "SELECT encode(sha256(convert_to($1::text, 'UTF8')), 'hex') AS checksum",
            [migration.sql]
        )
        guard let row = rows.first else { throw MigrationError("the server returned no checksum") }
        return try row.decode("checksum")
    }

    private func checkOrder() throws {
        for (earlier, later) in zip(migrations, migrations.dropFirst()) where earlier.version >= later.version {
            throw MigrationError("versions must be strictly increasing (\(earlier.version) before \(later.version))")
        }
    }
}
