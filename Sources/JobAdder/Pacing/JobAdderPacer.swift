/// Spaces out requests to one JobAdder account. JobAdder limits each account as a whole, so writeback can
/// share one pace across processes by implementing this over a shared store.
public protocol JobAdderPacer: Sendable {
    /// Blocks the calling thread until the next request to `account` may go out.
    func waitForTurn(_ account: JobAdderAccountKey) throws

    /// Tells the pacer JobAdder answered 429 and asked for `retryAfter` seconds of quiet, so other callers to
    /// the same account hold back too. The default does nothing.
    func didReceiveRateLimit(_ account: JobAdderAccountKey, retryAfter: Double)
}

extension JobAdderPacer {
    public func didReceiveRateLimit(_ account: JobAdderAccountKey, retryAfter: Double) {}
}
