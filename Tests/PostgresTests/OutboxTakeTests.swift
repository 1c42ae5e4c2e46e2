import Foundation
import Postgres
import Store
import Testing

extension PostgresIntegrationTests {
    /// A relay's take is bounded by its limit and skips what another relay holds, whatever plan the
    /// statement cache settled on while the outbox was empty.
    @Suite struct OutboxTakeTests {
        @Test func takeNeverExceedsItsLimitAfterThePlanWasCachedOnAnEmptyOutbox() async throws {
            let (first, second, left) = try await onThread { () -> ([String], [String], Int) in
                let database = try TestDatabase.create(migrated: true)
                defer { try? database.drop() }
                let owner = try database.connectOwner()
                defer { owner.close() }
                let (org, _) = try seedTwoOrgs(owner)
                // Statistics that say "empty", as autovacuum records them before a burst of work.
                try owner.simpleQuery("VACUUM ANALYZE outbox")

                // Two relays; each takes from the empty outbox often enough to keep a cached plan.
                let relayA = try database.connectApp()
                let relayB = try database.connectApp()
                defer { relayA.close(); relayB.close() }
                for _ in 0..<8 {
                    #expect(try relayA.systemTransaction { try Outbox.take(limit: 100, on: $0) }.isEmpty)
                    #expect(try relayB.systemTransaction { try Outbox.take(limit: 100, on: $0) }.isEmpty)
                }

                try owner.systemTransaction { connection in
                    try connection.execute(
                        """
                        INSERT INTO outbox (message_id, org_id, routing_key, kind, body)
                        SELECT 'm' || lpad(g::text, 5, '0'), $1, 'ingest', 'contactAssigned', '\\x00'::bytea
                        FROM generate_series(1, 3000) g
                        """,
                        [org]
                    )
                }

                // A holds its batch uncommitted while B takes: B must get the next hundred.
                try relayA.simpleQuery("BEGIN; SELECT set_config('app.scope', 'system', true)")
                let first = try Outbox.take(limit: 100, on: relayA).map(\.messageID)
                let second = try relayB.systemTransaction { try Outbox.take(limit: 100, on: $0) }.map(\.messageID)
                try relayA.simpleQuery("COMMIT")
                let left = try owner.systemTransaction { connection in
                    try connection.query("SELECT count(*) AS n FROM outbox").first?.decode("n", as: Int.self) ?? -1
                }
                return (first, second, left)
            }
            // Counts first, so a failure reads as a number rather than three thousand ids.
            #expect(first.count == 100)
            #expect(second.count == 100)
            #expect(left == 2_800)
            #expect(first == (1...100).map { "m" + String(format: "%05d", $0) })
            #expect(second == (101...200).map { "m" + String(format: "%05d", $0) })
        }
    }
}
