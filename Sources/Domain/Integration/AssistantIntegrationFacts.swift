/// What the integration check needs to know about one assistant.
public struct AssistantIntegrationFacts: Sendable, Hashable {
    public var handle: String
    /// The assistant has taken over at least one JobAdder contact.
    public var hasTakenOverAnyLead: Bool
    /// The assistant is active and working (not paused or disabled).
    public var isWorking: Bool

    public init(handle: String, hasTakenOverAnyLead: Bool, isWorking: Bool) {
        self.handle = handle
        self.hasTakenOverAnyLead = hasTakenOverAnyLead
        self.isWorking = isWorking
    }
}
