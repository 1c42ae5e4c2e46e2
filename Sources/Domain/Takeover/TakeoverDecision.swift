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

/// A status write decided at takeover. For `.assignTo`, `assistantHandle` names whose status to use.
public struct TakeoverStatusWrite: Sendable, Hashable {
    public var handBack: HandBackStatus
    public var assistantHandle: String

    public init(handBack: HandBackStatus, assistantHandle: String) {
        self.handBack = handBack
        self.assistantHandle = assistantHandle
    }
}
