/// The parts of one email that go into its JobAdder note: the Message-ID (also the note's reference, so a retried
/// write finds the note it already posted), the subject and the plain-text body.
public struct EmailSummary: Sendable, Hashable, Codable {
    public var messageID: String
    public var subject: String
    public var body: String

    public init(messageID: String, subject: String, body: String) {
        self.messageID = messageID
        self.subject = subject
        self.body = body
    }
}
