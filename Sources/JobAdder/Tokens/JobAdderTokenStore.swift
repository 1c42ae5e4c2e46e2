/// Where each account's OAuth tokens live, shared by every process that calls JobAdder for it.
///
/// The workers implement it over PostgreSQL (tokens encrypted at rest). Refresh tokens rotate on every use,
/// so two refreshes of the same account must not both win: `replaceTokens` is a compare-and-swap on the
/// refresh token that was used.
public protocol JobAdderTokenStore: Sendable {
    /// The account's current tokens.
    /// - Throws: `JobAdderError.notConnected` when there are none or the account needs a reconnect.
    func currentTokens(for account: JobAdderAccountKey) throws -> JobAdderTokens

    /// Store rotated tokens atomically; `previousRefreshToken` lets the store detect a concurrent refresh
    /// (compare-and-swap) and return the winner's tokens instead.
    ///
    /// - Returns: `new` when the stored refresh token still equals `previousRefreshToken` (and `new` is now
    ///   stored); otherwise the tokens already stored, unchanged.
    func replaceTokens(
        for account: JobAdderAccountKey,
        previousRefreshToken: String,
        with new: JobAdderTokens
    ) throws -> JobAdderTokens

    /// Records that the account's authorization is gone and an org admin must reconnect; `reason` is safe text.
    func markReconnectNeeded(for account: JobAdderAccountKey, reason: String) throws
}
