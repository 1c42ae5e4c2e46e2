import Foundation

/// Identifies one connected JobAdder account: Handover connects at most one per org.
public struct JobAdderAccountKey: Hashable, Sendable, CustomStringConvertible {
    public var orgID: UUID

    public init(orgID: UUID) {
        self.orgID = orgID
    }

    public var description: String { orgID.uuidString.lowercased() }
}
