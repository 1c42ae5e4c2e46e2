import Foundation

/// The row that records one event on a lead: what happened, the states before and after, why, and when.
public struct LeadEventRecord: Sendable, Hashable, Codable {
    public var kind: LeadEventKind
    public var from: LeadState
    public var to: LeadState
    /// A short human-readable reason ("first open", "hard bounce", "ignored: lead is UnSubscribed").
    public var cause: String
    public var at: Date

    public init(kind: LeadEventKind, from: LeadState, to: LeadState, cause: String, at: Date) {
        self.kind = kind
        self.from = from
        self.to = to
        self.cause = cause
        self.at = at
    }

    /// Whether the event moved the lead to another state.
    public var changedState: Bool { from != to }
}
