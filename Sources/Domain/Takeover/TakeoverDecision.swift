/// What to do about one assignment: the rule that applied, the note to leave and the status to write.
public struct TakeoverDecision: Sendable, Hashable {
    public var outcome: TakeoverOutcome
    public var note: NoteIntent
    /// The status to write, nil when the contact's current `Assign to` status is already right.
    public var statusWrite: TakeoverStatusWrite?

    public init(outcome: TakeoverOutcome, note: NoteIntent, statusWrite: TakeoverStatusWrite?) {
        self.outcome = outcome
        self.note = note
        self.statusWrite = statusWrite
    }
}
