import Foundation
import Postgres
import Shared
import Store
import Testing

/// A throwaway database `handover_test_<random>` created as `handover_owner`, optionally migrated,
/// and dropped (with its connections) at the end.
final class TestDatabase: Sendable {
    @TaskLocal static var current: TestDatabase?

    let name: String
    let base: PostgresConfiguration

    private init(name: String, base: PostgresConfiguration) {
        self.name = name
        self.base = base
    }

    /// The database the enclosing `.freshDatabase` suite made.
    static func shared() throws -> TestDatabase {
        guard let current else {
            throw PostgresError(kind: .usage, message: "no .freshDatabase trait on this suite", operation: "test")
        }
        return current
    }

    static var baseURL: String {
        ProcessInfo.processInfo.environment["HANDOVER_TEST_DATABASE_URL"]
            ?? "postgresql://handover_owner:handover_owner@127.0.0.1:15432/handover"
    }

    /// Creates (and, when `migrated`, migrates) a new database. Blocking; call from a thread you own.
    static func create(migrated: Bool) throws -> TestDatabase {
        let base = try PostgresConfiguration(url: baseURL)
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let database = TestDatabase(name: "handover_test_\(suffix)", base: base)
        let admin = try PostgresConnection.connect(configuration: base, applicationName: "handover-tests")
        defer { admin.close() }
        try admin.simpleQuery("CREATE DATABASE \(database.name)")
        if migrated {
            let owner = try database.connectOwner()
            defer { owner.close() }
            try Migrator(connection: owner).migrate(logger: Logger(label: "test", logLevel: .warning))
        }
        return database
    }

    /// Drops the database, ending any connection still open to it. Blocking.
    func drop() throws {
        let admin = try PostgresConnection.connect(configuration: base, applicationName: "handover-tests")
        defer { admin.close() }
        try admin.simpleQuery("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    var ownerConfiguration: PostgresConfiguration {
        var configuration = base
        configuration.database = name
        return configuration
    }

    var appConfiguration: PostgresConfiguration {
        var configuration = ownerConfiguration
        configuration.user = "handover_app"
        configuration.password = "handover_app"
        return configuration
    }

    func connectOwner() throws -> PostgresConnection {
        try PostgresConnection.connect(configuration: ownerConfiguration, applicationName: "handover-tests")
    }

    func connectApp() throws -> PostgresConnection {
        try PostgresConnection.connect(configuration: appConfiguration, applicationName: "handover-tests")
    }
}

/// Gives a suite one fresh, migrated database for all its tests and drops it afterwards.
struct FreshDatabaseTrait: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let database = try await onThread { try TestDatabase.create(migrated: true) }
        do {
            try await TestDatabase.$current.withValue(database) {
                try await function()
            }
        } catch {
            _ = try? await onThread { try database.drop() }
            throw error
        }
        try await onThread { try database.drop() }
    }
}

extension Trait where Self == FreshDatabaseTrait {
    /// One fresh, migrated `handover_test_<random>` database for the suite.
    static var freshDatabase: Self { FreshDatabaseTrait() }
}

/// Runs blocking libpq work on a Foundation thread of its own, never on Swift's cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.start()
    }
}

/// Inserts two orgs with one assistant, context and schedule each; returns their ids. Runs as the owner.
func seedTwoOrgs(_ connection: PostgresConnection) throws -> (UUID, UUID) {
    let orgA = UUID()
    let orgB = UUID()
    let tag = String(UUID().uuidString.prefix(8)).lowercased()
    try connection.systemTransaction { connection in
        for (org, label) in [(orgA, "a"), (orgB, "b")] {
            try connection.execute(
                "INSERT INTO orgs (id, slug, name) VALUES ($1, $2, $3)",
                [org, "org-\(label)-\(tag)", "Org \(label.uppercased())"]
            )
            let assistant = UUID()
            try connection.execute(
                """
                INSERT INTO assistants (id, org_id, handle, mailbox, display_name, time_zone, daily_cap, lead_capacity)
                VALUES ($1, $2, $3, $4, 'Ashley', 'Europe/London', 50, 100)
                """,
                [assistant, org, "ashley@\(label)\(tag)", "ashley@\(label)\(tag).7ts-e.com"]
            )
            try connection.execute(
                "INSERT INTO contexts (org_id, name, definition) VALUES ($1, 'default', '{}')",
                [org]
            )
            try connection.execute(
                "INSERT INTO suppressions (org_id, email, reason) VALUES ($1, $2, 'unsubscribed')",
                [org, "gone-\(label)@example.com"]
            )
            for contact in 1...2 {
                try connection.execute(
                    """
                    INSERT INTO leads (org_id, contact_id, assistant_id, state, email)
                    VALUES ($1, $2, $3, 'Cold', $4)
                    """,
                    [org, contact, assistant, "lead\(contact)-\(label)@example.com"]
                )
            }
        }
    }
    return (orgA, orgB)
}
