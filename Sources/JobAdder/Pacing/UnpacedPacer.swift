/// A pacer that never waits: for tests and one-off tools.
public struct UnpacedPacer: JobAdderPacer {
    public init() {}

    public func waitForTurn(_ account: JobAdderAccountKey) throws {}
}
