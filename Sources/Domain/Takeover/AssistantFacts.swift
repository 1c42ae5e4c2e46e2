/// The assistant the handle resolved to within the org.
public struct AssistantFacts: Sendable, Hashable {
    public var handle: String
    public var name: String
    /// The default context's name, nil when the assistant has none.
    public var defaultContextName: String?
    /// The default schedule's name, nil when the assistant has none.
    public var defaultScheduleName: String?
    /// Leads the assistant works now (Cold, Engaged, Warm).
    public var activeLeadCount: Int
    /// How many leads it may work at once.
    public var leadCapacity: Int

    public init(
        handle: String,
        name: String,
        defaultContextName: String?,
        defaultScheduleName: String?,
        activeLeadCount: Int,
        leadCapacity: Int
    ) {
        self.handle = handle
        self.name = name
        self.defaultContextName = defaultContextName
        self.defaultScheduleName = defaultScheduleName
        self.activeLeadCount = activeLeadCount
        self.leadCapacity = leadCapacity
    }

    /// Why the assistant cannot start a new lead now, or nil when it can.
    public var waitReason: LeadStart.WaitReason? {
        if defaultContextName == nil { return .noDefaultContext }
        if defaultScheduleName == nil { return .noDefaultSchedule }
        if activeLeadCount >= leadCapacity { return .atCapacity }
        return nil
    }
}
