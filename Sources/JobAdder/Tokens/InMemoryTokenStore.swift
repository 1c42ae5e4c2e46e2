import Synchronization

/// A `JobAdderTokenStore` held in process memory, for tests and local tools. Nothing is persisted.
///
/// It counts rotations and lost compare-and-swaps so tests can check how concurrent refreshes resolved.
public final class InMemoryTokenStore: JobAdderTokenStore {
    private struct Entry {
        var tokens: JobAdderTokens
        var reconnectReason: String?
    }

    private struct State {
        var entries: [JobAdderAccountKey: Entry] = [:]
        var rotations = 0
        var lostSwaps = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Stores `tokens` for `account` unconditionally (a fresh connect), clearing any reconnect mark.
    public func connect(_ account: JobAdderAccountKey, tokens: JobAdderTokens) {
        state.withLock { $0.entries[account] = Entry(tokens: tokens) }
    }

    public func currentTokens(for account: JobAdderAccountKey) throws -> JobAdderTokens {
        let entry = state.withLock { $0.entries[account] }
        guard let entry else { throw JobAdderError.notConnected(reason: "no tokens stored") }
        if let reason = entry.reconnectReason { throw JobAdderError.notConnected(reason: reason) }
        return entry.tokens
    }

    public func replaceTokens(
        for account: JobAdderAccountKey,
        previousRefreshToken: String,
        with new: JobAdderTokens
    ) throws -> JobAdderTokens {
        try state.withLock { state in
            guard let entry = state.entries[account] else {
                throw JobAdderError.notConnected(reason: "no tokens stored")
            }
            guard entry.tokens.refreshToken == previousRefreshToken else {
                state.lostSwaps += 1
                return entry.tokens
            }
            state.entries[account] = Entry(tokens: new)
            state.rotations += 1
            return new
        }
    }

    public func markReconnectNeeded(for account: JobAdderAccountKey, reason: String) throws {
        state.withLock { $0.entries[account]?.reconnectReason = reason }
    }

    /// The reconnect reason recorded for `account`, if any.
    public func reconnectReason(for account: JobAdderAccountKey) -> String? {
        state.withLock { $0.entries[account]?.reconnectReason }
    }

    /// How many `replaceTokens` calls stored new tokens.
    public var rotationCount: Int { state.withLock { $0.rotations } }

    /// How many `replaceTokens` calls lost the compare-and-swap and got the stored tokens back.
    public var lostSwapCount: Int { state.withLock { $0.lostSwaps } }
}
