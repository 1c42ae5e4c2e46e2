import Foundation
import Postgres
import Testing

/// Thrown by test bodies to force a rollback.
struct ProbeFailure: Error {}

extension PostgresIntegrationTests {
    @Suite struct ConnectionTests {
        @Test func transactionRollsBackOnThrow() async throws {
            let database = try TestDatabase.shared()
            let (kept, rolledBack, swallowed, nested) = try await onThread {
                let connection = try database.connectOwner()
                defer { connection.close() }
                let keptID = UUID()
                let rolledBackID = UUID()
                let swallowedID = UUID()
                let insert = { (connection: PostgresConnection, id: UUID) throws in
                    let slug = "probe-\(id.uuidString.prefix(8).lowercased())"
                    try connection.execute("INSERT INTO orgs (id, slug, name) VALUES ($1, $2, 'Probe')", [id, slug])
                }
                try connection.transaction(org: keptID) { connection in
                    try insert(connection, keptID)
                }
                _ = capture {
                    try connection.transaction(org: rolledBackID) { connection in
                        try insert(connection, rolledBackID)
                        throw ProbeFailure()
                    }
                }
                let swallowedError = capture {
                    try connection.transaction(org: swallowedID) { connection in
                        try insert(connection, swallowedID)
                        _ = try? connection.query("SELECT 1/0")
                    }
                }
                let nestedError = capture {
                    try connection.transaction { connection in
                        try connection.transaction { _ in }
                    }
                }
                let count = { (id: UUID) throws -> Int in
                    try connection.systemTransaction { connection in
                        try connection.query("SELECT count(*) AS n FROM orgs WHERE id = $1", [id]).first?
                            .decode("n", as: Int.self) ?? -1
                    }
                }
                let swallowed = (try count(swallowedID), swallowedError)
                return (try count(keptID), try count(rolledBackID), swallowed, nestedError)
            }
            #expect(kept == 1)
            #expect(rolledBack == 0)
            #expect(swallowed.0 == 0)
            #expect(swallowed.1?.kind == .usage)
            #expect(nested?.kind == .usage)
        }

        @Test func pipelineOfAHundredInsertsInOneCall() async throws {
            let database = try TestDatabase.shared()
            let (count, results, atomicError, afterFailure) = try await onThread {
                let connection = try database.connectOwner()
                defer { connection.close() }
                try connection.simpleQuery("CREATE TEMP TABLE pipeline_probe (n integer PRIMARY KEY)")
                let inserts = (1...100).map { PostgresStatement("INSERT INTO pipeline_probe (n) VALUES ($1)", [$0]) }
                let count = PostgresStatement("SELECT count(*) AS n FROM pipeline_probe")
                let results = try connection.pipeline(inserts + [count])
                let total = try results.last?.first?.decode("n", as: Int.self)

                // A failing statement in the middle undoes the whole pipeline (one implicit transaction).
                let failing = [
                    PostgresStatement("INSERT INTO pipeline_probe (n) VALUES ($1)", [101]),
                    PostgresStatement("INSERT INTO pipeline_probe (n) VALUES ($1)", [1]),
                    PostgresStatement("INSERT INTO pipeline_probe (n) VALUES ($1)", [102]),
                ]
                let error = capture { _ = try connection.pipeline(failing) }
                let after = try connection.query("SELECT count(*) AS n FROM pipeline_probe").first?
                    .decode("n", as: Int.self)
                return (total, results.count, error, after)
            }
            #expect(count == 100)
            #expect(results == 101)
            #expect(atomicError?.isUniqueViolation == true)
            #expect(afterFailure == 100)
        }

        @Test func pipelineRefusesNULBeforeSendingAnything() async throws {
            let database = try TestDatabase.shared()
            let (error, stillUsable) = try await onThread {
                let connection = try database.connectOwner()
                defer { connection.close() }
                let statements = [PostgresStatement("SELECT 1"), PostgresStatement("SELECT $1::text", ["a\u{0}b"])]
                let error = capture { _ = try connection.pipeline(statements) }
                let one = try connection.query("SELECT 1 AS one").first?.decode("one", as: Int.self)
                return (error, one == 1)
            }
            #expect(error?.kind == .usage)
            #expect(stillUsable)
        }

        @Test func cachedStatementSurvivesATableChange() async throws {
            let database = try TestDatabase.shared()
            let columns = try await onThread {
                let connection = try database.connectOwner()
                defer { connection.close() }
                try connection.simpleQuery("CREATE TEMP TABLE plan_probe (a integer)")
                let before = try connection.query("SELECT * FROM plan_probe").columnNames
                try connection.simpleQuery("ALTER TABLE plan_probe ADD COLUMN b integer")
                let after = try connection.query("SELECT * FROM plan_probe").columnNames
                return (before, after)
            }
            #expect(columns.0 == ["a"])
            #expect(columns.1 == ["a", "b"])
        }

        @Test func reconnectsAfterTheBackendIsTerminated() async throws {
            let database = try TestDatabase.shared()
            let outcome = try await onThread {
                let connection = try database.connectOwner()
                let killer = try database.connectOwner()
                defer {
                    connection.close()
                    killer.close()
                }
                let sql = "SELECT pg_backend_pid() AS pid"
                let firstPID = try #require(try connection.query(sql).first).decode("pid", as: Int.self)
                try killer.execute("SELECT pg_terminate_backend($1)", [firstPID])

                // The dead connection fails retryably, possibly only on the second call.
                var failure: PostgresError?
                for _ in 0..<50 where failure == nil {
                    failure = capture { _ = try connection.query(sql) }
                    if failure == nil { Thread.sleep(forTimeInterval: 0.1) }
                }
                try connection.reconnect()
                let secondPID = try #require(try connection.query(sql).first).decode("pid", as: Int.self)

                // Terminating its own backend works too, and reconnect recovers again.
                let own = capture { _ = try connection.query("SELECT pg_terminate_backend(pg_backend_pid())") }
                let next = capture { _ = try connection.query(sql) }
                let ownRetryable = own?.isRetryable == true || next?.isRetryable == true
                try connection.reconnect()
                let thirdPID = try #require(try connection.query(sql).first).decode("pid", as: Int.self)
                return (failure, firstPID != secondPID, ownRetryable, secondPID != thirdPID, connection.isConnected)
            }
            #expect(outcome.0?.isRetryable == true)
            #expect(outcome.1)
            #expect(outcome.2)
            #expect(outcome.3)
            #expect(outcome.4)
        }

        @Test func listenReceivesNotifications() async throws {
            let database = try TestDatabase.shared()
            let channel = "probe_\(UUID().uuidString.prefix(8).lowercased())"
            let (quiet, received) = try await onThread {
                let listener = try database.connectOwner()
                let sender = try database.connectOwner()
                defer {
                    listener.close()
                    sender.close()
                }
                try listener.listen(channel)
                let quiet = try listener.notifications(timeout: 0.2)
                try sender.execute("SELECT pg_notify($1, $2)", [channel, "hello ü"])
                return (quiet, try listener.notifications(timeout: 30))
            }
            #expect(quiet.isEmpty)
            #expect(received.map(\.payload) == ["hello ü"])
            #expect(received.first?.channel == channel)
        }
    }
}
