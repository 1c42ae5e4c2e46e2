import Foundation
import HTTPServer

extension SandboxService {
    /// `GET /contacts/{id}/notes` with `NoteId`, `Type`, `Reference` (repeatable), `CreatedAt`, `UpdatedAt`,
    /// `Sort` (`createdAt`, `updatedAt`, `type`, `-` for descending; default `-createdAt`), `Fields=text`,
    /// `Offset`, `Limit`. 404 with no body when the contact does not exist.
    func listNotes(_ contactId: Int, request: HTTPRequest, account: Account) -> HTTPResponse {
        let paging: Paging
        switch Paging.parse(request) {
        case .success(let parsed): paging = parsed
        case .failure(let error): return error.response
        }
        let noteIds = Set(request.queryValues("NoteId", caseInsensitive: true).map { $0.lowercased() })
        let types = Set(request.queryValues("Type", caseInsensitive: true).map { $0.lowercased() })
        let references = Set(request.queryValues("Reference", caseInsensitive: true))
        let created = request.queryValues("CreatedAt", caseInsensitive: true).compactMap(DateFilter.init)
        let updated = request.queryValues("UpdatedAt", caseInsensitive: true).compactMap(DateFilter.init)
        let fields = request.queryValues("Fields", caseInsensitive: true).flatMap { $0.split(separator: ",") }
        let includeText = fields.contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "text" }
        let sort = request.queryValues("Sort", caseInsensitive: true).last ?? "-createdAt"
        let descending = sort.hasPrefix("-")
        let sortKey = sort.drop { $0 == "-" || $0 == "+" }.lowercased()
        guard ["createdat", "updatedat", "type"].contains(sortKey) else {
            return Replies.errorModel(
                400,
                "Invalid sort",
                [.init(code: "Invalid", message: "unknown sort", fields: ["sort"])]
            )
        }

        let body = account.state.withLock { state -> JSONValue? in
            guard state.contacts[contactId] != nil else { return nil }
            var notes = (state.noteIndexesByContact[contactId] ?? []).map { state.notes[$0] }.filter { note in
                (noteIds.isEmpty || noteIds.contains(note.noteId))
                    && (types.isEmpty || types.contains(note.type.lowercased()))
                    && (references.isEmpty || references.contains(note.reference ?? "\u{0}"))
                    && created.allSatisfy { $0.matches(note.createdAt) }
                    && updated.allSatisfy { $0.matches(note.updatedAt) }
            }
            notes.sort { left, right in
                let ascending: Bool
                switch sortKey {
                case "type":
                    ascending =
                        left.type.lowercased() != right.type.lowercased()
                        ? left.type.lowercased() < right.type.lowercased() : left.sequence < right.sequence
                case "updatedat":
                    ascending =
                        left.updatedAt != right.updatedAt
                        ? left.updatedAt < right.updatedAt : left.sequence < right.sequence
                default:
                    ascending =
                        left.createdAt != right.createdAt
                        ? left.createdAt < right.createdAt : left.sequence < right.sequence
                }
                return descending ? !ascending : ascending
            }
            let items = paging.page(notes).map { state.noteJSON($0, includeText: includeText, full: false) }
            return paging.listJSON(
                items: items,
                totalCount: notes.count,
                request: request,
                base: apiBase + "/contacts/\(contactId)/notes"
            )
        }
        guard let body else { return Replies.notFound() }
        return Replies.json(200, body)
    }

    /// `POST /contacts/{id}/notes` with `AddContactNoteCommand`: `text` required (≥1 character), `type` ≤ 50
    /// (unknown types are accepted; absent means the account's default note type), `reference` ≤ 200,
    /// `createdByIntegration`, `createdBy { userId | email }`. Other fields → 422. 201 with `NoteModel`.
    func addNote(_ contactId: Int, request: HTTPRequest, account: Account) -> HTTPResponse {
        guard let body = Self.parseBody(request) else { return Replies.badJSON() }
        guard case .object = body else { return Replies.invalid("body", "The body must be a JSON object") }
        let allowed = ["text", "type", "reference", "createdByIntegration", "createdBy"]
        if let extra = body.memberNames.first(where: { !allowed.contains($0) }) {
            return Replies.invalid(extra, "Unknown field '\(extra)'")
        }
        guard let textValue = body["text"], !textValue.isNull else {
            return Replies.invalid("text", "text is required", code: "MissingField")
        }
        guard let text = textValue.stringValue, !text.isEmpty else {
            return Replies.invalid("text", "text must be a non-empty string")
        }
        var type: String?
        if let value = body["type"], !value.isNull {
            guard let typeText = value.stringValue, typeText.count <= 50 else {
                return Replies.invalid("type", "type must be a string of at most 50 characters")
            }
            type = typeText.isEmpty ? nil : typeText
        }
        var reference: String?
        if let value = body["reference"], !value.isNull {
            guard let referenceText = value.stringValue, referenceText.count <= 200 else {
                return Replies.invalid("reference", "reference must be a string of at most 200 characters")
            }
            reference = referenceText
        }
        var byIntegration = false
        if let value = body["createdByIntegration"], !value.isNull {
            guard let flag = value.boolValue else {
                return Replies.invalid("createdByIntegration", "createdByIntegration must be a boolean")
            }
            byIntegration = flag
        }
        let createdBy = body["createdBy"]

        let now = Timestamp.now()
        let result = account.state.withLock { state -> HTTPResponse in
            guard state.contacts[contactId] != nil else { return Replies.notFound() }
            var userId = state.actingUser.userId
            if let createdBy, !createdBy.isNull {
                if let wanted = createdBy["userId"]?.intValue, state.user(wanted) != nil {
                    userId = wanted
                } else if let email = createdBy["email"]?.stringValue?.lowercased(),
                    let user = state.users.first(where: { $0.email.lowercased() == email })
                {
                    userId = user.userId
                } else {
                    return Replies.invalid("createdBy", "createdBy does not name a user of this account")
                }
            }
            let note = state.addNote(
                contactId: contactId,
                type: type ?? state.defaultNoteTypeName,
                source: "Note",
                text: text,
                reference: reference,
                createdByIntegration: byIntegration,
                readonly: false,
                userId: userId,
                now: now
            )
            return Replies.json(201, state.noteJSON(note, includeText: true, full: true))
                .adding(header: "Location", apiBase + "/notes/" + note.noteId)
        }
        return result
    }
}
