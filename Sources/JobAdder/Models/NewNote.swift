/// The body of `POST /contacts/{id}/notes` (`AddContactNoteCommand`); only documented fields are sent.
public struct NewNote: Encodable, Sendable, Equatable {
    /// The note text; required, at least one character. Put an email's subject line inside it.
    public var text: String
    /// The account's note type name (at most 50 characters), or nil for the account default.
    public var type: String?
    /// An id for the event the note records (at most 200 characters), searchable later for idempotency.
    public var reference: String?
    /// True for notes written by automation.
    public var createdByIntegration: Bool

    public init(text: String, type: String? = nil, reference: String? = nil, createdByIntegration: Bool = true) {
        self.text = text
        self.type = type
        self.reference = reference
        self.createdByIntegration = createdByIntegration
    }
}
