import Foundation
import JobAdder
import Postgres
import Shared

/// Connecting, refreshing and disconnecting an org's JobAdder account, and keeping its webhook alive.
///
/// Used by `ingest` (OAuth callback, scheduled refresh, webhook health) and by the CLI (disconnect).
public final class JobAdderConnector: Sendable {
    private let settings: JobAdderSettings
    private let client: JobAdderClient
    private let pool: PostgresPool
    private let tokenStore: PostgresTokenStore
    private let box: SecretBox
    private let logger: Logger

    public init(settings: JobAdderSettings, client: JobAdderClient, pool: PostgresPool, logger: Logger) {
        self.settings = settings
        self.client = client
        self.pool = pool
        self.tokenStore = PostgresTokenStore(pool: pool, secretKey: settings.secretKey, logger: logger)
        self.box = SecretBox(key: settings.secretKey)
        self.logger = logger
    }

    /// The URL an org admin opens to connect JobAdder; the state expires after `lifetime`.
    public func authorizeURL(orgID: UUID, lifetime: TimeInterval = 900) -> String {
        let state = OAuthState.make(
            orgID: orgID,
            expiresAt: Date().addingTimeInterval(lifetime),
            key: settings.signingKey
        )
        return settings.oauth.authorizeURL(state: state)
    }

    /// Finishes the OAuth flow: exchanges the code, stores the tokens sealed, registers the webhook.
    public func completeConnection(orgID: UUID, code: String) throws {
        let tokens = try settings.oauth.exchange(code: code)
        let secret = Sodium.randomToken()
        try pool.withConnection { database in
            try database.transaction(org: orgID) { database in
                try database.execute(
                    """
                    INSERT INTO jobadder_connections (org_id, state) VALUES ($1, 'pending')
                    ON CONFLICT (org_id) DO NOTHING
                    """,
                    [orgID]
                )
                try database.execute(
                    """
                    UPDATE jobadder_connections SET account_id = $2, instance_id = $3, webhook_secret_sealed = $4
                    WHERE org_id = $1
                    """,
                    [orgID, tokens.account, tokens.instance, box.seal(secret)]
                )
                try tokenStore.save(tokens, orgID: orgID, on: database)
                try database.execute(
                    "UPDATE assistants SET crm_status = 'ASSISTANT_NOT_YET_CREATED' WHERE org_id = $1",
                    [orgID]
                )
            }
        }
        try registerWebhook(orgID: orgID, secret: secret)
        logger.notice("JobAdder connected", ["org_id": orgID.uuidString])
    }

    /// Creates the `contact_status_changed` webhook (replacing one we made earlier) and records its id.
    public func registerWebhook(orgID: UUID, secret: String) throws {
        let account = JobAdderAccountKey(orgID: orgID)
        let previous = try connectionField("webhook_id", orgID: orgID)
        if let previous {
            try? client.deleteWebhook(previous, for: account)
        }
        let webhook = try client.createWebhook(
            WebhookCommand(
                name: "Handover assignments",
                events: ["contact_status_changed"],
                url: settings.webhookURL,
                authorization: "Bearer \(secret)",
                status: "Enabled"
            ),
            for: account
        )
        try pool.withConnection { database in
            try database.transaction(org: orgID) { database in
                try database.execute(
                    "UPDATE jobadder_connections SET webhook_id = $2, webhook_status = $3 WHERE org_id = $1",
                    [orgID, webhook.webhookId, webhook.status]
                )
            }
        }
    }

    /// Re-enables the org's webhook when JobAdder suspended it; returns its status before the check.
    @discardableResult
    public func ensureWebhookEnabled(orgID: UUID) throws -> String? {
        guard let webhookID = try connectionField("webhook_id", orgID: orgID) else { return nil }
        let account = JobAdderAccountKey(orgID: orgID)
        let webhook = try client.webhook(webhookID, for: account)
        if webhook.status != "Enabled" {
            _ = try client.updateWebhook(
                webhookID,
                with: WebhookCommand(
                    name: webhook.name ?? "Handover assignments",
                    events: webhook.events,
                    url: webhook.url ?? settings.webhookURL,
                    authorization: try webhookAuthorization(orgID: orgID),
                    status: "Enabled"
                ),
                for: account
            )
            logger.warning(
                "JobAdder webhook was not enabled; re-enabled it",
                ["org_id": orgID.uuidString, "webhook_status": webhook.status ?? "unknown"]
            )
        }
        try pool.withConnection { database in
            try database.transaction(org: orgID) { database in
                try database.execute(
                    "UPDATE jobadder_connections SET webhook_status = 'Enabled' WHERE org_id = $1",
                    [orgID]
                )
            }
        }
        return webhook.status
    }

    /// Refreshes the org's tokens now (rotation stored atomically); marks "reconnect needed" on failure.
    public func refresh(orgID: UUID) throws {
        let account = JobAdderAccountKey(orgID: orgID)
        let current = try tokenStore.currentTokens(for: account)
        do {
            let new = try settings.oauth.refresh(refreshToken: current.refreshToken)
            _ = try tokenStore.replaceTokens(for: account, previousRefreshToken: current.refreshToken, with: new)
        } catch let error as JobAdderError {
            if !error.isRetryable {
                try tokenStore.markReconnectNeeded(for: account, reason: error.description)
            }
            throw error
        }
    }

    /// Deletes the webhook in JobAdder, then the tokens here.
    public func disconnect(orgID: UUID) throws {
        if let webhookID = try connectionField("webhook_id", orgID: orgID) {
            do {
                try client.deleteWebhook(webhookID, for: JobAdderAccountKey(orgID: orgID))
            } catch JobAdderError.notFound {
                // Already gone in JobAdder; nothing to undo.
            }
        }
        try pool.withConnection { database in
            try database.transaction(org: orgID) { database in
                try database.execute(
                    """
                    UPDATE jobadder_connections SET state = 'disconnected', access_token_sealed = NULL,
                        refresh_token_sealed = NULL, webhook_id = NULL, webhook_secret_sealed = NULL,
                        webhook_status = NULL, updated_at = now()
                    WHERE org_id = $1
                    """,
                    [orgID]
                )
            }
        }
    }

    /// The `authorization` value registered with the org's webhook (its secret, unsealed).
    private func webhookAuthorization(orgID: UUID) throws -> String? {
        let sealed: [UInt8]? = try pool.withConnection { database in
            try database.transaction(org: orgID) { database in
                try database.query(
                    "SELECT webhook_secret_sealed FROM jobadder_connections WHERE org_id = $1",
                    [orgID]
                ).first?.decode("webhook_secret_sealed", as: [UInt8]?.self)
            }
        }
        return try sealed.map { "Bearer \(try box.openString($0))" }
    }

    private func connectionField(_ column: String, orgID: UUID) throws -> String? {
        try pool.withConnection { database in
            try database.transaction(org: orgID) { database in
                try database.query("SELECT \(column) AS value FROM jobadder_connections WHERE org_id = $1", [orgID])
                    .first?.decode("value", as: String?.self)
            }
        }
    }
}
