/// Why an inbound message could not be parsed. The description never contains message content.
public struct MailParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of parse failure.
    public enum Reason: Sendable, Hashable {
        /// No bytes at all.
        case empty
        /// The message is larger than the configured limit (both in bytes).
        case tooLarge(size: Int, limit: Int)
        /// GMime found no RFC 5322 header block at the start of the bytes.
        case notAMessage
    }

    public let reason: Reason

    public init(_ reason: Reason) {
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .empty:
            "mail parse failed: the message is empty"
        case .tooLarge(let size, let limit):
            "mail parse failed: the message has \(size) bytes, over the \(limit)-byte limit"
        case .notAMessage:
            "mail parse failed: no RFC 5322 header block found"
        }
    }
}
