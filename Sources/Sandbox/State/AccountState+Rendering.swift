extension AccountState {
    /// `UserNameModel` of a user id (the acting user when unknown).
    func userNameJSON(_ userId: Int) -> JSONValue {
        (user(userId) ?? actingUser).nameJSON
    }

    /// `ContactSummaryModel`, or the detailed `ContactModel` with `detailed`.
    func contactJSON(_ contact: Contact, apiBase: String, detailed: Bool) -> JSONValue {
        let status = status(contact.statusId) ?? defaultStatus
        var members: [(String, JSONValue)] = [
            ("contactId", .int(contact.contactId)), ("firstName", .string(contact.firstName)),
            ("lastName", .string(contact.lastName)), ("position", .optional(contact.position)),
            ("email", .optional(contact.email)), ("phone", .optional(contact.phone)),
            ("unsubscribed", .bool(contact.unsubscribed)), ("inactive", .bool(contact.inactive)),
            ("status", status.json), ("owner", userNameJSON(contact.ownerUserId)),
            ("createdBy", userNameJSON(contact.ownerUserId)), ("updatedBy", userNameJSON(contact.ownerUserId)),
            ("createdAt", .string(Timestamp.iso(contact.createdAt))),
            ("updatedAt", .string(Timestamp.iso(contact.updatedAt))),
        ]
        if detailed {
            let base = apiBase + "/contacts/\(contact.contactId)"
            members += [
                ("otherEmail", []), ("social", .object([])), ("custom", []), ("recruiters", []),
                ("partnerActions", []),
                ("links", ["self": .string(base), "notes": .string(base + "/notes")]),
            ]
        }
        return .object(members)
    }

    /// `NoteSummaryModel` (with the full `text` when asked) or, with `full`, `NoteModel`.
    func noteJSON(_ note: Note, includeText: Bool, full: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [("noteId", .string(note.noteId)), ("type", .string(note.type))]
        if full {
            let contact = contacts[note.contactId]
            members += [
                ("source", .string(note.source)), ("text", .string(note.text)),
                ("reference", .optional(note.reference)), ("readonly", .bool(note.readonly)),
                ("createdByIntegration", .bool(note.createdByIntegration)),
                ("attachments", []), ("jobs", []), ("candidates", []), ("companies", []),
                (
                    "contacts",
                    [
                        [
                            "contactId": .int(note.contactId), "firstName": .optional(contact?.firstName),
                            "lastName": .optional(contact?.lastName),
                        ]
                    ]
                ),
            ]
        } else {
            members += [
                ("source", .string(note.source)), ("textPartial", .string(String(note.text.prefix(200)))),
                ("text", includeText ? .string(note.text) : .null), ("reference", .optional(note.reference)),
                ("readonly", .bool(note.readonly)),
            ]
        }
        members += [
            ("createdBy", userNameJSON(note.createdByUserId)), ("createdAt", .string(Timestamp.iso(note.createdAt))),
            ("updatedBy", userNameJSON(note.createdByUserId)), ("updatedAt", .string(Timestamp.iso(note.updatedAt))),
        ]
        return .object(members)
    }
}
