import Foundation

/// Everything the state machine needs to know about a lead, as read from the store.
public struct LeadSnapshot: Sendable, Hashable, Codable {
    public var state: LeadState
    /// Tracking-pixel loads counted so far.
    public var opens: Int
    /// Tracked link clicks counted so far.
    public var clicks: Int
    /// Temporary delivery failures since the last successful send.
    public var softBounces: Int
    /// The 0-based schedule step to send next.
    public var nextStep: Int
    /// How many steps the lead's schedule has.
    public var stepCount: Int
    /// Sending waits until this instant (set by an automatic reply).
    public var pausedUntil: Date?
    /// Increases by one on every state change; status writes carry it so an older write never wins.
    public var version: Int
    /// The hand-back status last sent to JobAdder for this lead, nil if none yet.
    public var lastHandBackWritten: HandBackStatus?
    /// Why the lead is DeActivated; kept afterwards so later decisions can see it.
    public var deactivationCause: DeactivationCause?
    /// The assistant's display name, used in note texts.
    public var assistantName: String

    public init(
        state: LeadState,
        opens: Int = 0,
        clicks: Int = 0,
        softBounces: Int = 0,
        nextStep: Int = 0,
        stepCount: Int,
        pausedUntil: Date? = nil,
        version: Int = 1,
        lastHandBackWritten: HandBackStatus? = nil,
        deactivationCause: DeactivationCause? = nil,
        assistantName: String
    ) {
        self.state = state
        self.opens = opens
        self.clicks = clicks
        self.softBounces = softBounces
        self.nextStep = nextStep
        self.stepCount = stepCount
        self.pausedUntil = pausedUntil
        self.version = version
        self.lastHandBackWritten = lastHandBackWritten
        self.deactivationCause = deactivationCause
        self.assistantName = assistantName
    }

    /// JobAdder can no longer be written for this lead: its contact was deleted there.
    public var contactIsGone: Bool { deactivationCause == .contactDeleted }
}
