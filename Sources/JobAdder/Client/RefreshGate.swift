import Synchronization

/// Serializes token refreshes per account inside one process, so threads that see a 401 together refresh
/// once and the rest pick up the result. Across processes the token store's compare-and-swap decides.
final class RefreshGate: Sendable {
    private final class AccountLock: Sendable {
        let mutex = Mutex(())
    }

    private let locks = Mutex<[JobAdderAccountKey: AccountLock]>([:])

    /// Runs `body` while holding `account`'s refresh lock.
    func withLock(
        for account: JobAdderAccountKey,
        _ body: () throws -> JobAdderTokens
    ) throws -> JobAdderTokens {
        let lock = locks.withLock { locks in
            if let existing = locks[account] { return existing }
            let created = AccountLock()
            locks[account] = created
            return created
        }
        return try lock.mutex.withLock { _ in try body() }
    }
}
