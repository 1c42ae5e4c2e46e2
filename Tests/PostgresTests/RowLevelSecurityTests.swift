import Foundation
import Postgres
import Testing

extension PostgresIntegrationTests {
    /// Connected as `handover_app`, hand-written SQL only ever reaches the transaction's org.
    @Suite struct RowLevelSecurityTests {
        /// What the app role could see and change of one table.
        struct TableProbe: Sendable {
            var visibleOrgs: Set<UUID> = []
            var visibleCount = 0
            var foreignInsert: PostgresError?
            var foreignUpdates = -1
            var foreignDeletes = -1
            var withoutOrgCount = -1
            var afterTransactionCount = -1
        }

        static let foreignInserts: [String: String] = [
            "leads": "INSERT INTO leads (org_id, contact_id, assistant_id, state) "
                + "SELECT $1, 999, id, 'Cold' FROM assistants LIMIT 1",
            "contexts": "INSERT INTO contexts (org_id, name, definition) VALUES ($1, 'sneaky', '{}')",
            "suppressions": "INSERT INTO suppressions (org_id, email, reason) VALUES ($1, 'x@example.com', 'test')",
            "orgs": "INSERT INTO orgs (id, slug, name) VALUES ($1, 'sneaky-org', 'Sneaky')",
        ]

        static let updates: [String: String] = [
            "leads": "UPDATE leads SET state = 'Warm' WHERE org_id = $1",
            "contexts": "UPDATE contexts SET name = name || '!' WHERE org_id = $1",
            "suppressions": "UPDATE suppressions SET reason = 'changed' WHERE org_id = $1",
            "orgs": "UPDATE orgs SET name = 'Changed' WHERE id = $1",
        ]

        func probe(_ table: String) async throws -> (TableProbe, UUID, UUID) {
            let database = try TestDatabase.shared()
            return try await onThread {
                let owner = try database.connectOwner()
                defer { owner.close() }
                let (orgA, orgB) = try seedTwoOrgs(owner)
                let app = try database.connectApp()
                defer { app.close() }
                let orgColumn = table == "orgs" ? "id" : "org_id"
                var probe = TableProbe()

                try app.transaction(org: orgA) { connection in
                    let rows = try connection.query("SELECT * FROM \(table)")
                    probe.visibleCount = rows.count
                    probe.visibleOrgs = Set(try rows.map { try $0.decode(orgColumn, as: UUID.self) })
                }
                let insert = try #require(Self.foreignInserts[table])
                let insertValue = table == "orgs" ? UUID() : orgB
                probe.foreignInsert = capture {
                    _ = try app.transaction(org: orgA) { connection in
                        try connection.execute(insert, [insertValue])
                    }
                }
                probe.foreignUpdates = try app.transaction(org: orgA) { connection in
                    try connection.execute(try #require(Self.updates[table]), [orgB])
                }
                probe.foreignDeletes = try app.transaction(org: orgA) { connection in
                    try connection.execute("DELETE FROM \(table) WHERE \(orgColumn) = $1", [orgB])
                }
                probe.withoutOrgCount = try app.query("SELECT * FROM \(table)").count
                probe.afterTransactionCount = try app.transaction { connection in
                    try connection.query("SELECT * FROM \(table)").count
                }
                return (probe, orgA, orgB)
            }
        }

        @Test(arguments: ["leads", "contexts", "suppressions", "orgs"])
        func appRoleSeesAndChangesOnlyItsOrg(table: String) async throws {
            let (probe, orgA, _) = try await probe(table)
            #expect(probe.visibleOrgs == [orgA])
            #expect(probe.visibleCount == (table == "leads" ? 2 : 1))
            #expect(probe.foreignInsert?.sqlState == "42501")
            #expect(probe.foreignUpdates == 0)
            #expect(probe.foreignDeletes == 0)
            #expect(probe.withoutOrgCount == 0)
            #expect(probe.afterTransactionCount == 0)
        }

        @Test func appRoleCannotTurnSecurityOff() async throws {
            let database = try TestDatabase.shared()
            let error = try await onThread {
                let app = try database.connectApp()
                defer { app.close() }
                return capture { try app.simpleQuery("ALTER TABLE leads DISABLE ROW LEVEL SECURITY") }
            }
            #expect(error?.sqlState == "42501")
        }

        @Test func appRoleWritesOutboxAndLeadEvents() async throws {
            let database = try TestDatabase.shared()
            let (outboxIDs, events) = try await onThread {
                let owner = try database.connectOwner()
                defer { owner.close() }
                let (orgA, _) = try seedTwoOrgs(owner)
                let app = try database.connectApp()
                defer { app.close() }
                return try app.transaction(org: orgA) { connection in
                    let outbox = try connection.query(
                        """
                        INSERT INTO outbox (org_id, message_id, routing_key, kind, body)
                        VALUES ($1, $2, 'lead.created', 'lead.created', $3) RETURNING id
                        """,
                        [orgA, UUID().uuidString, [UInt8](repeating: 7, count: 4)]
                    )
                    let events = try connection.execute(
                        """
                        INSERT INTO lead_events (org_id, lead_id, kind, to_state, cause)
                        SELECT org_id, id, 'state_change', 'Cold', 'assigned' FROM leads
                        """
                    )
                    return (try outbox.map { try $0.decode("id", as: Int64.self) }, events)
                }
            }
            #expect(outboxIDs.count == 1)
            #expect(events == 2)
        }

        @Test func systemScopeSeesEveryOrg() async throws {
            let database = try TestDatabase.shared()
            let (seen, orgA, orgB) = try await onThread {
                let owner = try database.connectOwner()
                defer { owner.close() }
                let (orgA, orgB) = try seedTwoOrgs(owner)
                let app = try database.connectApp()
                defer { app.close() }
                let seen = try app.systemTransaction { connection in
                    let rows = try connection.query("SELECT DISTINCT org_id FROM leads")
                    return Set(try rows.map { try $0.decode("org_id", as: UUID.self) })
                }
                return (seen, orgA, orgB)
            }
            #expect(seen.isSuperset(of: [orgA, orgB]))
        }
    }
}
