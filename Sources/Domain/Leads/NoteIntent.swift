/// A JobAdder contact note the caller must post (through the writeback queue).
public struct NoteIntent: Sendable, Hashable, Codable {
    /// The note kinds of SPEC §7.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case confirmation
        case emailSent
        case emailReceived
        case autoReplySeen
        case rejection
        case stateChange
    }

    public var kind: Kind
    public var text: String
    /// Identifies the event within the lead (an email's Message-ID, or `state-v<version>`), so a retried write
    /// can look for the note first and never post it twice. Callers prefix it with the lead id where needed.
    public var reference: String

    public init(kind: Kind, text: String, reference: String) {
        self.kind = kind
        self.text = text
        self.reference = reference
    }
}
