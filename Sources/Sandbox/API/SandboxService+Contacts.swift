import Foundation
import HTTPServer

extension SandboxService {
    /// `GET /contacts` with `ContactId`, `StatusId`, `Email`, `Name`, `CreatedAt`, `UpdatedAt`, `Offset`,
    /// `Limit` (names in any casing, array filters repeatable), ordered by contact id.
    func listContacts(_ request: HTTPRequest, account: Account) -> HTTPResponse {
        let paging: Paging
        switch Paging.parse(request) {
        case .success(let parsed): paging = parsed
        case .failure(let error): return error.response
        }
        func ids(_ name: String) -> Set<Int>?? {
            let values = request.queryValues(name, caseInsensitive: true)
            if values.isEmpty { return .some(nil) }
            let parsed = values.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return parsed.count == values.count ? .some(Set(parsed)) : nil
        }
        func dates(_ name: String) -> [DateFilter]? {
            let values = request.queryValues(name, caseInsensitive: true)
            let parsed = values.compactMap(DateFilter.init)
            return parsed.count == values.count ? parsed : nil
        }
        guard let statusIds = ids("StatusId") else { return invalidFilter("statusId") }
        guard let contactIds = ids("ContactId") else { return invalidFilter("contactId") }
        guard let updated = dates("UpdatedAt") else { return invalidFilter("updatedAt") }
        guard let created = dates("CreatedAt") else { return invalidFilter("createdAt") }
        let emails = Set(request.queryValues("Email", caseInsensitive: true).map { $0.lowercased() })
        let name = request.queryValues("Name", caseInsensitive: true).last?.lowercased()

        let body = account.state.withLock { state -> JSONValue in
            var matched: [Contact] = []
            let candidates = contactIds.map { Array($0).sorted() } ?? state.contactOrder
            for contactId in candidates {
                guard let contact = state.contacts[contactId] else { continue }
                if let statusIds, !statusIds.contains(contact.statusId) { continue }
                if !emails.isEmpty, !emails.contains(contact.email?.lowercased() ?? "") { continue }
                if let name, !"\(contact.firstName) \(contact.lastName)".lowercased().contains(name) { continue }
                if !updated.allSatisfy({ $0.matches(contact.updatedAt) }) { continue }
                if !created.allSatisfy({ $0.matches(contact.createdAt) }) { continue }
                matched.append(contact)
            }
            let items = paging.page(matched).map { state.contactJSON($0, apiBase: apiBase, detailed: false) }
            return paging.listJSON(
                items: items,
                totalCount: matched.count,
                request: request,
                base: apiBase + "/contacts"
            )
        }
        return Replies.json(200, body)
    }

    /// `GET /contacts/{id}`: the detailed contact, or 404 with no body.
    func getContact(_ contactId: Int, account: Account) -> HTTPResponse {
        let body = account.state.withLock { state -> JSONValue? in
            state.contacts[contactId].map { state.contactJSON($0, apiBase: apiBase, detailed: true) }
        }
        guard let body else { return Replies.notFound() }
        return Replies.json(200, body)
    }

    /// `PUT /contacts/{id}/status` with `{ statusId, note?: { type?, text } }`: 200 changed, 202 already
    /// set, 404 no contact, 422 for an unknown status or any other field. A given note is written as its
    /// own note next to JobAdder's "Status Change" note.
    func setStatus(_ contactId: Int, request: HTTPRequest, account: Account) -> HTTPResponse {
        guard let body = Self.parseBody(request) else { return Replies.badJSON() }
        guard case .object = body else { return Replies.invalid("body", "The body must be a JSON object") }
        if let extra = body.memberNames.first(where: { !["statusId", "note"].contains($0) }) {
            return Replies.invalid(extra, "Unknown field '\(extra)'")
        }
        guard let statusValue = body["statusId"], !statusValue.isNull else {
            return Replies.invalid("statusId", "statusId is required", code: "MissingField")
        }
        guard let statusId = statusValue.intValue else {
            return Replies.invalid("statusId", "statusId must be an integer")
        }
        var noteType: String?
        var noteText: String?
        if let note = body["note"], !note.isNull {
            guard case .object = note else { return Replies.invalid("note", "note must be an object") }
            if let extra = note.memberNames.first(where: { !["type", "text"].contains($0) }) {
                return Replies.invalid("note.\(extra)", "Unknown field 'note.\(extra)'")
            }
            guard let text = note["text"]?.stringValue, !text.isEmpty else {
                return Replies.invalid("note.text", "note.text is required", code: "MissingField")
            }
            if let type = note["type"], !type.isNull {
                guard let typeText = type.stringValue, typeText.count <= 50 else {
                    return Replies.invalid("note.type", "note.type must be a string of at most 50 characters")
                }
                noteType = typeText
            }
            noteText = text
        }

        let now = Timestamp.now()
        let outcome = account.state.withLock { state -> StatusChangeOutcome in
            let userId = state.actingUser.userId
            let outcome = state.changeStatus(
                contactId: contactId,
                to: statusId,
                origin: "api",
                userId: userId,
                now: now
            )
            if case .changed = outcome, let noteText {
                state.addNote(
                    contactId: contactId,
                    type: noteType ?? state.defaultNoteTypeName,
                    source: "Note",
                    text: noteText,
                    reference: nil,
                    createdByIntegration: true,
                    readonly: false,
                    userId: userId,
                    now: now
                )
            }
            return outcome
        }
        switch outcome {
        case .changed(let event):
            dispatcher.publish([event], account: account)
            return .empty(200)
        case .unchanged:
            return .empty(202)
        case .contactMissing:
            return Replies.notFound()
        case .statusMissing:
            return Replies.invalid("statusId", "Status \(statusId) does not exist")
        }
    }

    /// `GET /contacts/lists/status` with optional `StatusId`, `Name`, `Active`, `Default` filters.
    func statusList(_ request: HTTPRequest, account: Account) -> HTTPResponse {
        let ids = Set(request.queryValues("StatusId", caseInsensitive: true).compactMap { Int($0) })
        let name = request.queryValues("Name", caseInsensitive: true).last?.lowercased()
        let active = request.queryValues("Active", caseInsensitive: true).last.map { $0.lowercased() == "true" }
        let isDefault = request.queryValues("Default", caseInsensitive: true).last.map { $0.lowercased() == "true" }
        let items = account.state.withLock { state in
            state.statuses.filter { status in
                (ids.isEmpty || ids.contains(status.statusId)) && (name.map { status.name.lowercased() == $0 } ?? true)
                    && (active.map { status.active == $0 } ?? true)
                    && (isDefault.map { status.isDefault == $0 } ?? true)
            }.map(\.json)
        }
        return Replies.json(
            200,
            ["items": .array(items), "links": ["self": .string(apiBase + "/contacts/lists/status")]]
        )
    }

    /// `GET /contacts/lists/notetype` with optional `Name`.
    func noteTypeList(_ request: HTTPRequest, account: Account) -> HTTPResponse {
        let name = request.queryValues("Name", caseInsensitive: true).last?.lowercased()
        let items = account.state.withLock { state in
            state.noteTypes.filter { type in name.map { type.name.lowercased() == $0 } ?? true }.map(\.json)
        }
        return Replies.json(
            200,
            ["items": .array(items), "links": ["self": .string(apiBase + "/contacts/lists/notetype")]]
        )
    }

    private func invalidFilter(_ field: String) -> HTTPResponse {
        Replies.errorModel(
            400,
            "Invalid filter",
            [.init(code: "Invalid", message: "\(field) is not valid", fields: [field])]
        )
    }
}
