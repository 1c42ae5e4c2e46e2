/// A status write decided at takeover. For `.assignTo`, `assistantHandle` names whose status to use.
public struct TakeoverStatusWrite: Sendable, Hashable {
    public var handBack: HandBackStatus
    public var assistantHandle: String

    public init(handBack: HandBackStatus, assistantHandle: String) {
        self.handBack = handBack
        self.assistantHandle = assistantHandle
    }
}
