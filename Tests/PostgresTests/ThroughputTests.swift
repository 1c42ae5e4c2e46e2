import Foundation
import Postgres
import Testing

extension PostgresIntegrationTests {
    /// Figures for the integrator to quote; they assert only that the work was done.
    @Suite struct ThroughputTests {
        @Test func singleRowCommitsAndMultiRowInserts() async throws {
            let database = try TestDatabase.shared()
            let (commitsPerSecond, rowsPerSecond, stored) = try await onThread {
                let owner = try database.connectOwner()
                defer { owner.close() }
                let (org, _) = try seedTwoOrgs(owner)
                let app = try database.connectApp()
                defer { app.close() }

                let transactions = 2_000
                var started = Date()
                for number in 0..<transactions {
                    try app.transaction(org: org) { connection in
                        try connection.execute(
                            "INSERT INTO webhook_events (org_id, event_id, contact_id) VALUES ($1, $2, $3)",
                            [org, "single-\(number)", number]
                        )
                    }
                }
                let commitsPerSecond = Double(transactions) / Date().timeIntervalSince(started)

                let batches = 100
                let placeholders = (0..<100).map { "($1, $\($0 * 2 + 2), $\($0 * 2 + 3))" }.joined(separator: ", ")
                let sql = "INSERT INTO webhook_events (org_id, event_id, contact_id) VALUES \(placeholders)"
                started = Date()
                for batch in 0..<batches {
                    var binds: [any PostgresEncodable] = [org]
                    for row in 0..<100 {
                        binds.append("multi-\(batch)-\(row)")
                        binds.append(batch * 100 + row)
                    }
                    try app.transaction(org: org) { connection in
                        try connection.execute(sql, binds)
                    }
                }
                let rowsPerSecond = Double(batches * 100) / Date().timeIntervalSince(started)
                let stored = try app.transaction(org: org) { connection in
                    try connection.query("SELECT count(*) AS n FROM webhook_events").first?.decode("n", as: Int.self)
                }
                return (commitsPerSecond, rowsPerSecond, stored)
            }
            print(
                "postgres throughput: single-row INSERT transactions (BEGIN+set org, INSERT, COMMIT) "
                    + "\(Int(commitsPerSecond)) commits/s over 2000 on one connection; "
                    + "100-row multi-row INSERTs \(Int(rowsPerSecond)) rows/s over 100 transactions"
            )
            #expect(stored == 2_000 + 10_000)
        }
    }
}
