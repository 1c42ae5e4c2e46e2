import Foundation
import Shared

extension JobAdderClient {
    /// The account's tokens, refreshed first when the access token is about to expire.
    func usableTokens(for account: JobAdderAccountKey) throws -> JobAdderTokens {
        let tokens = try tokenStore.currentTokens(for: account)
        guard tokens.isExpiring(within: refreshMargin) else { return tokens }
        return try refreshTokens(for: account, rejected: tokens)
    }

    /// Replaces `rejected` (an access token JobAdder refused or that is about to expire) with fresh tokens.
    ///
    /// Inside one process, a per-account lock lets one thread refresh while the others wait and then reuse its
    /// result. Across processes the store's compare-and-swap decides: a loser gets the winner's tokens back.
    /// If JobAdder refuses the refresh token because another process has just rotated it, the store shows the
    /// winner's tokens within moments; only when it does not is the account marked as needing a reconnect.
    /// - Throws: `JobAdderError.invalidGrant` (account marked for reconnect), or a retryable error when the
    ///   token endpoint is unavailable.
    public func refreshTokens(for account: JobAdderAccountKey, rejected: JobAdderTokens) throws -> JobAdderTokens {
        try refreshGate.withLock(for: account) {
            let current = try tokenStore.currentTokens(for: account)
            if current.accessToken != rejected.accessToken, !current.isExpiring(within: refreshMargin) {
                return current
            }

            let log = logger.with(["org_id": account.description])
            var fresh: JobAdderTokens
            do {
                fresh = try oauth.refresh(refreshToken: current.refreshToken)
            } catch JobAdderError.invalidGrant(let reason) {
                if let winner = try awaitConcurrentRotation(for: account, usedRefreshToken: current.refreshToken) {
                    log.debug("refresh token already rotated by another process; using the stored tokens")
                    return winner
                }
                log.notice("JobAdder refused the refresh token; reconnect needed", ["reason": reason])
                try tokenStore.markReconnectNeeded(
                    for: account,
                    reason: "JobAdder refused the refresh token (\(reason))"
                )
                throw JobAdderError.invalidGrant(reason: reason)
            }

            if fresh.apiBaseURL.isEmpty { fresh.apiBaseURL = current.apiBaseURL }
            if fresh.instance == nil { fresh.instance = current.instance }
            if fresh.account == nil { fresh.account = current.account }
            let stored = try tokenStore.replaceTokens(
                for: account,
                previousRefreshToken: current.refreshToken,
                with: fresh
            )
            if stored.refreshToken != fresh.refreshToken {
                log.debug("lost the token rotation race; using the winner's tokens")
            } else {
                log.debug("JobAdder tokens refreshed")
            }
            return stored
        }
    }

    /// Polls the store briefly for tokens rotated away from `usedRefreshToken` by someone else.
    private func awaitConcurrentRotation(
        for account: JobAdderAccountKey,
        usedRefreshToken: String
    ) throws -> JobAdderTokens? {
        for pause in [0.0, 0.1, 0.25, 0.5, 1.0] {
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            let stored = try tokenStore.currentTokens(for: account)
            if stored.refreshToken != usedRefreshToken {
                return stored
            }
        }
        return nil
    }
}
