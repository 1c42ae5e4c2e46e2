import Foundation
import Postgres
import Shared
import Store
import Testing

extension PostgresIntegrationTests {
    /// Each test makes its own empty database, so it sees the migrator start from nothing.
    @Suite struct MigratorTests {
        let logger = Logger(label: "migrator-test", logLevel: .warning)

        @Test func secondRunAppliesNothing() async throws {
            let logger = logger
            let (first, second, versions) = try await onThread {
                let database = try TestDatabase.create(migrated: false)
                defer { try? database.drop() }
                let connection = try database.connectOwner()
                defer { connection.close() }
                let migrator = Migrator(connection: connection)
                let first = try migrator.migrate(logger: logger).map(\.version)
                let second = try migrator.migrate(logger: logger).map(\.version)
                return (first, second, try migrator.appliedVersions())
            }
            #expect(first == Migrations.all.map(\.version))
            #expect(second.isEmpty)
            #expect(versions == Migrations.all.map(\.version))
        }

        @Test func changedChecksumIsRefused() async throws {
            let logger = logger
            let error = try await onThread { () -> String? in
                let database = try TestDatabase.create(migrated: true)
                defer { try? database.drop() }
                let connection = try database.connectOwner()
                defer { connection.close() }
                let changed = Migrations.all.map { migration in
                    Migration(version: migration.version, name: migration.name, sql: migration.sql + "\n-- edited")
                }
                do {
                    try Migrator(connection: connection, migrations: changed).migrate(logger: logger)
                    return nil
                } catch let error as MigrationError {
                    return error.description
                }
            }
            let message = try #require(error)
            #expect(message.contains("migration 1"))
            #expect(message.contains("changed"))
        }

        @Test func twoMigratorsAtOnceApplyOnce() async throws {
            let logger = logger
            let probe = Migration(version: 9_999, name: "probe", sql: "CREATE TABLE migrator_probe (id integer)")
            let list = Migrations.all + [probe]
            let database = try await onThread { try TestDatabase.create(migrated: false) }
            defer { try? database.drop() }
            async let first = onThread {
                let connection = try database.connectOwner()
                defer { connection.close() }
                return try Migrator(connection: connection, migrations: list).migrate(logger: logger).count
            }
            async let second = onThread {
                let connection = try database.connectOwner()
                defer { connection.close() }
                return try Migrator(connection: connection, migrations: list).migrate(logger: logger).count
            }
            let counts = try await [first, second]
            let versions = try await onThread {
                let connection = try database.connectOwner()
                defer { connection.close() }
                return try Migrator(connection: connection).appliedVersions()
            }
            #expect(counts.sorted() == [0, list.count])
            #expect(versions == list.map(\.version))
        }
    }
}
