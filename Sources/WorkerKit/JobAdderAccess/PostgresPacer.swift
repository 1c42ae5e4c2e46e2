import Foundation
import JobAdder
import Postgres
import Shared

/// A request pace per JobAdder account, shared by every process through one database row.
///
/// Each request takes the next free slot (`next_slot` advanced by 1/rate under the row lock) and sleeps
/// until it. However many instances run, an account never gets more than its configured rate.
public final class PostgresPacer: JobAdderPacer, Sendable {
    private let pool: PostgresPool
    private let defaultRequestsPerSecond: Double

    public init(pool: PostgresPool, defaultRequestsPerSecond: Double) {
        self.pool = pool
        self.defaultRequestsPerSecond = defaultRequestsPerSecond
    }

    public func waitForTurn(_ account: JobAdderAccountKey) throws {
        let slot: Date = try pool.withConnection { database in
            try database.transaction(org: account.orgID) { database in
                // The slot is advisory state: losing the last few on a crash only lets a handful of
                // requests go early once, so this commit does not wait for the disk (the row lock is held
                // for microseconds instead of an fsync).
                try database.execute("SET LOCAL synchronous_commit = off")
                if let slot = try takeSlot(account, on: database) { return slot }
                // First request for this account: create its row at the default rate, then take the slot.
                try database.execute(
                    "INSERT INTO jobadder_pace (org_id, requests_per_second) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    [account.orgID, defaultRequestsPerSecond]
                )
                return try takeSlot(account, on: database) ?? Date()
            }
        }
        let wait = slot.timeIntervalSinceNow
        if wait > 0 {
            Thread.sleep(forTimeInterval: wait)
        }
    }

    /// Advances the account's next slot and returns the one taken; nil when the account has no row yet.
    /// (A single upsert was measured slower: 0.67 ms a request against 0.37 ms for insert plus update.)
    private func takeSlot(_ account: JobAdderAccountKey, on database: PostgresConnection) throws -> Date? {
        try database.query(
            """
            UPDATE jobadder_pace
            SET next_slot = greatest(next_slot, clock_timestamp()) + make_interval(secs => 1.0 / requests_per_second)
            WHERE org_id = $1
            RETURNING next_slot - make_interval(secs => 1.0 / requests_per_second) AS slot
            """,
            [account.orgID]
        ).first?.decode("slot", as: Date.self)
    }

    /// A 429 holds back every process: the account's next slot moves past `Retry-After`.
    public func didReceiveRateLimit(_ account: JobAdderAccountKey, retryAfter: Double) {
        _ = try? pool.withConnection { database in
            try database.transaction(org: account.orgID) { database in
                try database.execute(
                    """
                    UPDATE jobadder_pace
                    SET next_slot = greatest(next_slot, clock_timestamp() + make_interval(secs => $2))
                    WHERE org_id = $1
                    """,
                    [account.orgID, retryAfter]
                )
            }
        }
    }
}
