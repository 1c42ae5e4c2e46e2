/// A JobAdder contact status the caller must write. `leadVersion` lets writeback skip a write that is older than
/// one already applied (SPEC §7).
public struct StatusWriteIntent: Sendable, Hashable, Codable {
    public var handBack: HandBackStatus
    public var leadVersion: Int

    public init(handBack: HandBackStatus, leadVersion: Int) {
        self.handBack = handBack
        self.leadVersion = leadVersion
    }
}
