import Foundation

/// A change that must reach one JobAdder contact: a note or a status write.
public struct JobAdderWrite: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        /// A contact note. `reference` identifies the event (an email's Message-ID, a lead event) so a
        /// retried write can look for the note before posting it again.
        case note(text: String, type: String, reference: String)
        /// A hand-back status: `active`, `inactive` or `assignTo` (with the assistant's handle).
        /// Writes for an older `leadVersion` than one already written are skipped.
        case status(handBack: String, handle: String?, leadVersion: Int64, noteText: String?)
    }

    public var orgID: UUID
    public var contactID: Int
    public var leadID: UUID?
    public var change: Change
    public var occurredAt: Date

    public init(orgID: UUID, contactID: Int, leadID: UUID?, change: Change, occurredAt: Date) {
        self.orgID = orgID
        self.contactID = contactID
        self.leadID = leadID
        self.change = change
        self.occurredAt = occurredAt
    }
}
