import Foundation
import JobAdder
import Postgres
import Shared

/// JobAdder tokens kept sealed (secretbox) in `jobadder_connections`, shared by every process.
///
/// A refresh is a compare-and-swap on the refresh token under a row lock: when two processes refresh at
/// once, the second sees that the token it used is no longer current and takes the winner's tokens.
public final class PostgresTokenStore: JobAdderTokenStore, Sendable {
    private let pool: PostgresPool
    private let box: SecretBox
    private let logger: Logger

    public init(pool: PostgresPool, secretKey: [UInt8], logger: Logger) {
        self.pool = pool
        self.box = SecretBox(key: secretKey)
        self.logger = logger
    }

    /// A connection's tokens are missing, unreadable or revoked.
    public struct MissingTokens: Error, CustomStringConvertible {
        public let orgID: UUID
        public var description: String { "org \(orgID) has no usable JobAdder tokens; run handover jobadder connect" }
    }

    public func currentTokens(for account: JobAdderAccountKey) throws -> JobAdderTokens {
        try pool.withConnection { database in
            try database.transaction(org: account.orgID) { database in
                try load(account.orgID, on: database, lock: false)
            }
        }
    }

    public func replaceTokens(
        for account: JobAdderAccountKey,
        previousRefreshToken: String,
        with new: JobAdderTokens
    ) throws -> JobAdderTokens {
        try pool.withConnection { database in
            try database.transaction(org: account.orgID) { database in
                let current = try load(account.orgID, on: database, lock: true)
                guard Sodium.constantTimeEquals(current.refreshToken, previousRefreshToken) else {
                    return current
                }
                try save(new, orgID: account.orgID, on: database)
                return new
            }
        }
    }

    public func markReconnectNeeded(for account: JobAdderAccountKey, reason: String) throws {
        try pool.withConnection { database in
            try database.transaction(org: account.orgID) { database in
                try database.execute(
                    """
                    UPDATE jobadder_connections SET state = 'reconnect_needed', last_error = $2, updated_at = now()
                    WHERE org_id = $1
                    """,
                    [account.orgID, String(reason.prefix(300))]
                )
            }
        }
        MetricsRegistry.shared.increment(
            "handover_jobadder_reconnect_needed_total",
            help: "Times an org's JobAdder connection needed reconnecting.",
            labels: [("org_id", account.orgID.uuidString)]
        )
        logger.error("JobAdder reconnect needed", ["org_id": account.orgID.uuidString, "reason": reason])
    }

    /// Seals and stores tokens for an org in the caller's transaction (used by connect and refresh).
    public func save(_ tokens: JobAdderTokens, orgID: UUID, on database: PostgresConnection) throws {
        try database.execute(
            """
            UPDATE jobadder_connections
            SET access_token_sealed = $2, refresh_token_sealed = $3, access_expires_at = $4,
                api_base_url = $5, refreshed_at = now(), state = 'connected', last_error = NULL,
                version = version + 1, updated_at = now()
            WHERE org_id = $1
            """,
            [
                orgID, box.seal(tokens.accessToken), box.seal(tokens.refreshToken), tokens.expiresAt,
                tokens.apiBaseURL,
            ]
        )
    }

    private func load(_ orgID: UUID, on database: PostgresConnection, lock: Bool) throws -> JobAdderTokens {
        let rows = try database.query(
            """
            SELECT access_token_sealed, refresh_token_sealed, access_expires_at, api_base_url, account_id, instance_id
            FROM jobadder_connections WHERE org_id = $1 AND state IN ('connected', 'reconnect_needed')
            \(lock ? "FOR UPDATE" : "")
            """,
            [orgID]
        )
        guard let row = rows.first,
            let access = try row.decode("access_token_sealed", as: [UInt8]?.self),
            let refresh = try row.decode("refresh_token_sealed", as: [UInt8]?.self),
            let api = try row.decode("api_base_url", as: String?.self)
        else { throw MissingTokens(orgID: orgID) }
        return JobAdderTokens(
            accessToken: try box.openString(access),
            refreshToken: try box.openString(refresh),
            expiresIn: 0,
            expiresAt: try row.decode("access_expires_at", as: Date?.self) ?? Date.distantPast,
            apiBaseURL: api,
            instance: try row.decode("instance_id", as: String?.self),
            account: try row.decode("account_id", as: String?.self)
        )
    }
}
