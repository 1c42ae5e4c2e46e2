import Foundation

/// What applying one event to a lead produced: the updated lead, the record to store and the effects to queue.
public struct LeadTransition: Sendable, Hashable {
    /// The lead after the event; persist it (with a version check on `version`).
    public var lead: LeadSnapshot
    /// The lead-event record to store.
    public var record: LeadEventRecord
    /// No further email may go to this lead (the state is Hot, Responded, UnSubscribed, DeActivated or Processed).
    public var stopsSending: Bool
    /// Sending waits until this instant, if set.
    public var pauseUntil: Date?
    /// Notes to post in JobAdder, in order.
    public var notes: [NoteIntent]
    /// The status to write in JobAdder, when the mapped hand-back changed.
    public var statusWrite: StatusWriteIntent?

    public init(
        lead: LeadSnapshot,
        record: LeadEventRecord,
        stopsSending: Bool,
        pauseUntil: Date?,
        notes: [NoteIntent],
        statusWrite: StatusWriteIntent?
    ) {
        self.lead = lead
        self.record = record
        self.stopsSending = stopsSending
        self.pauseUntil = pauseUntil
        self.notes = notes
        self.statusWrite = statusWrite
    }

    /// The state after the event.
    public var newState: LeadState { lead.state }
    /// Whether the event changed the state.
    public var changedState: Bool { record.changedState }
}
