/// The org's existing lead for the contact, if there is one.
public struct ExistingLeadFacts: Sendable, Hashable {
    public var state: LeadState
    public var deactivationCause: DeactivationCause?
    /// The address the lead was emailed at.
    public var email: String
    /// The handle of the assistant that owns the lead.
    public var assistantHandle: String
    /// That assistant's display name.
    public var assistantName: String

    public init(
        state: LeadState,
        deactivationCause: DeactivationCause?,
        email: String,
        assistantHandle: String,
        assistantName: String
    ) {
        self.state = state
        self.deactivationCause = deactivationCause
        self.email = email
        self.assistantHandle = assistantHandle
        self.assistantName = assistantName
    }
}
