import Foundation

/// Everything one account holds: configuration, contacts, notes, history, webhooks, limits and meters.
///
/// Always used under `Account.state`'s lock; methods here are plain mutations with no I/O.
struct AccountState: Sendable {
    let accountId: Int
    var name: String
    var clientId: String
    var clientSecret: String
    var redirectPrefixes: [String]
    var users: [SandboxUser]
    var statuses: [ContactStatus]
    var noteTypes: [NoteType]
    var settings = AccountSettings()

    var contacts: [Int: Contact] = [:]
    var contactOrder: [Int] = []
    var notes: [Note] = []
    var noteIndexesByContact: [Int: [Int]] = [:]
    var statusChanges: [StatusChange] = []
    var webhooks: [String: Webhook] = [:]
    var webhookOrder: [String] = []
    var deliveries: [DeliveryRecord] = []
    var bucket: TokenBucket?
    var meter = RequestMeter()
    private var sequence = 0

    init(
        accountId: Int,
        name: String,
        clientId: String,
        clientSecret: String,
        redirectPrefixes: [String],
        users: [SandboxUser],
        statuses: [ContactStatus],
        noteTypes: [NoteType]
    ) {
        self.accountId = accountId
        self.name = name
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.redirectPrefixes = redirectPrefixes
        self.users = users
        self.statuses = statuses
        self.noteTypes = noteTypes
    }

    /// The user who approves OAuth requests and acts for API calls: the first admin, else the first user.
    var actingUser: SandboxUser {
        users.first(where: \.admin) ?? users[0]
    }

    func user(_ userId: Int) -> SandboxUser? {
        users.first { $0.userId == userId }
    }

    func status(_ statusId: Int) -> ContactStatus? {
        statuses.first { $0.statusId == statusId }
    }

    /// Status by name, trimmed and case-insensitive.
    func status(named name: String) -> ContactStatus? {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        return statuses.first { $0.name.lowercased() == wanted }
    }

    var defaultStatus: ContactStatus {
        statuses.first(where: \.isDefault) ?? statuses[0]
    }

    /// The type used when a note is posted without one: the `default.note` type, else `General`.
    var defaultNoteTypeName: String {
        noteTypes.first(where: \.isNoteDefault)?.name ?? "General"
    }

    mutating func nextSequence() -> Int {
        sequence += 1
        return sequence
    }

    mutating func insert(_ contact: Contact) {
        if contacts[contact.contactId] == nil {
            contactOrder.append(contact.contactId)
        }
        contacts[contact.contactId] = contact
    }

    /// Deletes a contact as a recruiter can in JobAdder: the API answers 404 for it afterwards. Its notes
    /// and history stay readable through the control API for reconciliation.
    mutating func delete(contactId: Int) -> Bool {
        guard contacts.removeValue(forKey: contactId) != nil else { return false }
        contactOrder.removeAll { $0 == contactId }
        return true
    }

    /// Appends a note and indexes it by contact.
    @discardableResult
    mutating func addNote(
        contactId: Int,
        type: String,
        source: String,
        text: String,
        reference: String?,
        createdByIntegration: Bool,
        readonly: Bool,
        userId: Int,
        now: Int64
    ) -> Note {
        let note = Note(
            noteId: RandomToken.uuid(),
            sequence: nextSequence(),
            contactId: contactId,
            type: type,
            source: source,
            text: text,
            reference: reference,
            createdByIntegration: createdByIntegration,
            readonly: readonly,
            createdByUserId: userId,
            createdAt: now,
            updatedAt: now
        )
        noteIndexesByContact[contactId, default: []].append(notes.count)
        notes.append(note)
        return note
    }

    /// Moves a contact to `statusId`: bumps `updatedAt`, records history and writes JobAdder's own
    /// read-only "Status Change" note. No effect when the contact already has the status.
    mutating func changeStatus(contactId: Int, to statusId: Int, origin: String, userId: Int, now: Int64)
        -> StatusChangeOutcome
    {
        guard var contact = contacts[contactId] else { return .contactMissing }
        guard let target = status(statusId) else { return .statusMissing }
        if contact.statusId == statusId { return .unchanged }
        let previous =
            status(contact.statusId)
            ?? ContactStatus(
                statusId: contact.statusId,
                name: "Unknown",
                active: false,
                isDefault: false
            )
        contact.statusId = statusId
        contact.updatedAt = max(now, contact.updatedAt + 1)
        contacts[contactId] = contact
        statusChanges.append(
            StatusChange(
                sequence: nextSequence(),
                contactId: contactId,
                previousStatusId: previous.statusId,
                statusId: statusId,
                at: now,
                origin: origin,
                userId: userId
            )
        )
        addNote(
            contactId: contactId,
            type: "Status Change",
            source: "Status",
            text: "Status changed from \(previous.name) to \(target.name)",
            reference: nil,
            createdByIntegration: false,
            readonly: true,
            userId: userId,
            now: now
        )
        let actor = user(userId) ?? actingUser
        return .changed(
            StatusChangeEvent(contactId: contactId, status: target, previousStatus: previous, user: actor, at: now)
        )
    }

    /// Keeps the delivery log bounded.
    mutating func record(_ delivery: DeliveryRecord) {
        deliveries.append(delivery)
        if deliveries.count > 20000 {
            deliveries.removeFirst(deliveries.count - 20000)
        }
    }
}
