import Synchronization

/// Authorization codes, access tokens and rotating refresh tokens for every account.
final class TokenRegistry: Sendable {
    /// A code issued by `/connect/authorize`, good once until `expiresAt`.
    struct CodeGrant: Sendable {
        let accountId: Int
        let clientId: String
        let redirectURI: String
        let scope: String
        let expiresAt: Int64
    }

    /// What an access token stands for.
    struct AccessGrant: Sendable {
        let accountId: Int
        let scope: String
        let expiresAt: Int64
    }

    /// What a refresh token stands for.
    struct RefreshGrant: Sendable {
        let accountId: Int
        let clientId: String
        let scope: String
    }

    /// A freshly minted token pair.
    struct Issued: Sendable {
        let accessToken: String
        let refreshToken: String?
        let expiresIn: Int
    }

    private struct Tables {
        var codes: [String: CodeGrant] = [:]
        var access: [String: AccessGrant] = [:]
        var refresh: [String: RefreshGrant] = [:]
    }

    private let tables = Mutex(Tables())

    func issueCode(_ grant: CodeGrant) -> String {
        let code = RandomToken.hex(byteCount: 16)
        tables.withLock { $0.codes[code] = grant }
        return code
    }

    /// Removes and returns the code's grant (codes are single-use, even when expired).
    func redeemCode(_ code: String) -> CodeGrant? {
        tables.withLock { $0.codes.removeValue(forKey: code) }
    }

    /// Mints an access token (and a refresh token when `withRefresh`).
    func issue(accountId: Int, clientId: String, scope: String, ttlSeconds: Int, withRefresh: Bool, now: Int64)
        -> Issued
    {
        let access = RandomToken.hex()
        let refresh = withRefresh ? RandomToken.hex() : nil
        tables.withLock { tables in
            tables.access[access] = AccessGrant(
                accountId: accountId,
                scope: scope,
                expiresAt: now + Int64(ttlSeconds) * 1000
            )
            if let refresh {
                tables.refresh[refresh] = RefreshGrant(accountId: accountId, clientId: clientId, scope: scope)
            }
        }
        return Issued(accessToken: access, refreshToken: refresh, expiresIn: ttlSeconds)
    }

    /// The grant behind a live access token; nil when unknown, revoked or expired.
    func accessGrant(_ token: String, now: Int64) -> AccessGrant? {
        tables.withLock { tables in
            guard let grant = tables.access[token] else { return nil }
            if grant.expiresAt <= now {
                tables.access[token] = nil
                return nil
            }
            return grant
        }
    }

    /// Removes and returns a refresh token's grant: every refresh token works once (rotation).
    func takeRefresh(_ token: String) -> RefreshGrant? {
        tables.withLock { $0.refresh.removeValue(forKey: token) }
    }

    /// Invalidates every code and token of an account; returns how many tokens went.
    @discardableResult
    func revokeAll(accountId: Int) -> Int {
        tables.withLock { tables in
            let before = tables.access.count + tables.refresh.count
            tables.access = tables.access.filter { $0.value.accountId != accountId }
            tables.refresh = tables.refresh.filter { $0.value.accountId != accountId }
            tables.codes = tables.codes.filter { $0.value.accountId != accountId }
            return before - tables.access.count - tables.refresh.count
        }
    }

    func removeAll() {
        tables.withLock { $0 = Tables() }
    }
}
