import Foundation

/// An inbound RFC 5322 message, parsed with GMime into the fields nurturing needs.
///
/// Message ids (`messageID`, `inReplyTo`, `references`, `returnedMessageID`) are bare, without angle
/// brackets (see `MessageID.bare`). Text is UTF-8 with `\n` line breaks.
public struct InboundEmail: Sendable, Hashable {
    /// The default largest message `parse` accepts: 10 MB.
    public static let defaultSizeLimit = 10 * 1024 * 1024

    /// Headers kept in `headers`, lower-cased.
    public static let selectedHeaderNames: [String] = [
        "auto-submitted", "x-autoreply", "x-autorespond", "precedence", "list-id", "return-path",
        "content-type", "x-auto-response-suppress", "x-failed-recipients", "list-unsubscribe",
        "list-unsubscribe-post",
    ]

    public var messageID: String?
    public var inReplyTo: String?
    public var references: [String]
    public var from: MailAddress?
    public var to: [MailAddress]
    public var cc: [MailAddress]
    /// Every `Delivered-To` header's address, in order.
    public var deliveredTo: [String]
    /// The subject, RFC 2047 decoded; empty when the message has none.
    public var subject: String
    public var date: Date?
    /// The first value of each header in `selectedHeaderNames` that is present, keyed by lower-cased name.
    public var headers: [String: String]
    /// The best readable text: the first inline text/plain part, else the first text/html part turned into text.
    public var textBody: String
    /// The parsed `message/delivery-status` part when the message is an RFC 3464 report.
    public var deliveryStatus: DeliveryStatusReport?
    /// For bounces: the Message-ID of the message that was returned, when its headers came back with it.
    public var returnedMessageID: String?

    public init(
        messageID: String? = nil,
        inReplyTo: String? = nil,
        references: [String] = [],
        from: MailAddress? = nil,
        to: [MailAddress] = [],
        cc: [MailAddress] = [],
        deliveredTo: [String] = [],
        subject: String = "",
        date: Date? = nil,
        headers: [String: String] = [:],
        textBody: String = "",
        deliveryStatus: DeliveryStatusReport? = nil,
        returnedMessageID: String? = nil
    ) {
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.from = from
        self.to = to
        self.cc = cc
        self.deliveredTo = deliveredTo
        self.subject = subject
        self.date = date
        self.headers = headers
        self.textBody = textBody
        self.deliveryStatus = deliveryStatus
        self.returnedMessageID = returnedMessageID
    }

    /// A selected header's value by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// Parses raw message bytes with GMime.
    ///
    /// - Throws: `MailParseError` when the bytes are empty, larger than `sizeLimit` (checked before any
    ///   parsing), or have no header block.
    public static func parse(raw: [UInt8], sizeLimit: Int = defaultSizeLimit) throws -> InboundEmail {
        guard !raw.isEmpty else { throw MailParseError(.empty) }
        guard raw.count <= sizeLimit else { throw MailParseError(.tooLarge(size: raw.count, limit: sizeLimit)) }
        return try InboundMessageReader.read(raw)
    }
}
