import Foundation
import Postgres
import Shared
import WorkerKit

/// Refreshes each connected org's JobAdder tokens on a schedule well inside the refresh token's
/// two-week life, so an idle account never loses its connection. A failed refresh (revoked access,
/// deleted user) marks the org "reconnect needed" (in the CLI, the logs and the metrics).
final class TokenRefresher: Sendable {
    private let connector: JobAdderConnector
    private let pool: PostgresPool
    private let every: TimeInterval
    private let shutdown: ShutdownSignal
    private let logger: Logger

    init(
        connector: JobAdderConnector,
        pool: PostgresPool,
        every: TimeInterval,
        shutdown: ShutdownSignal,
        logger: Logger
    ) {
        self.connector = connector
        self.pool = pool
        self.every = every
        self.shutdown = shutdown
        self.logger = logger
    }

    func run() {
        while !shutdown.isRequested {
            do {
                for orgID in try claimDue() {
                    do {
                        try connector.refresh(orgID: orgID)
                        logger.info("JobAdder tokens refreshed", ["org_id": orgID.uuidString])
                    } catch {
                        logger.error(
                            "JobAdder token refresh failed",
                            ["org_id": orgID.uuidString, "error": "\(error)"]
                        )
                    }
                }
                try reportReconnectNeeded()
            } catch {
                logger.error("token refresh round failed", ["error": "\(error)"])
            }
            let deadline = Date().addingTimeInterval(min(every / 4, 30))
            while !shutdown.isRequested && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }

    /// Orgs due a refresh; the claim moves `refreshed_at` forward so other instances skip them.
    private func claimDue() throws -> [UUID] {
        try pool.withConnection { database in
            try database.systemTransaction { database in
                try database.query(
                    """
                    -- A materialized batch is chosen once (see Outbox.take for what the IN form did).
                    WITH batch AS MATERIALIZED (
                        SELECT org_id FROM jobadder_connections
                        WHERE state = 'connected' AND refreshed_at < now() - make_interval(secs => $1)
                        LIMIT 20 FOR UPDATE SKIP LOCKED)
                    UPDATE jobadder_connections SET refreshed_at = now()
                    FROM batch WHERE jobadder_connections.org_id = batch.org_id
                    RETURNING jobadder_connections.org_id
                    """,
                    [every]
                ).map { try $0.decode("org_id", as: UUID.self) }
            }
        }
    }

    private func reportReconnectNeeded() throws {
        let count = try pool.withConnection { database in
            try database.systemTransaction { database in
                try database.query(
                    "SELECT count(*) AS n FROM jobadder_connections WHERE state = 'reconnect_needed'"
                ).first?.decode("n", as: Int.self) ?? 0
            }
        }
        MetricsRegistry.shared.set(
            "handover_jobadder_orgs_reconnect_needed",
            help: "Orgs whose JobAdder connection must be re-authorized by an admin.",
            to: Double(count)
        )
    }
}
