/// The result of a CRM integration refresh for one org.
public struct CRMIntegrationReport: Sendable, Hashable {
    /// One assistant's status and what to do about it.
    public struct AssistantResult: Sendable, Hashable {
        public var handle: String
        public var status: CRMIntegrationStatus
        public var advice: String
    }

    /// An `Assign to` status in JobAdder that matches no assistant.
    public struct OrphanStatus: Sendable, Hashable {
        public var statusName: String
        public var handle: String
        public var advice: String
    }

    /// A hand-back status the org's configuration names but JobAdder does not have.
    public struct MissingHandBackStatus: Sendable, Hashable {
        public var handBack: HandBackStatus
        public var statusName: String
        public var advice: String
    }

    public var connected: Bool
    public var assistants: [AssistantResult]
    public var orphanStatuses: [OrphanStatus]
    public var missingHandBackStatuses: [MissingHandBackStatus]
    /// Set when JobAdder is not connected: what to do first.
    public var connectionAdvice: String?

    /// Whether the admin has nothing to fix.
    public var isHealthy: Bool {
        connected && orphanStatuses.isEmpty && missingHandBackStatuses.isEmpty
            && assistants.allSatisfy { $0.status != .assistantDoesNotExistInCRM }
    }
}
