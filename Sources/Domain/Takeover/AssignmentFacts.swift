/// What JobAdder reported: a contact entered an `Assign to <handle>` status.
public struct AssignmentFacts: Sendable, Hashable {
    /// The handle read from the status name (see `AssignmentStatusName.handle(in:)`).
    public var handle: String
    /// The status name as JobAdder has it, quoted in notes.
    public var statusName: String
    /// Identifies this assignment event (webhook event id or poll key); notes use it as their reference.
    public var eventReference: String

    public init(handle: String, statusName: String, eventReference: String) {
        self.handle = handle
        self.statusName = statusName
        self.eventReference = eventReference
    }
}
