import Foundation

/// An email nurturing sends: one sender, one recipient, text (and optional HTML) body, threading headers
/// and the RFC 8058 one-click unsubscribe headers.
///
/// `render()` builds the RFC 5322 bytes with GMime: `Date`, `MIME-Version`, RFC 2047 encoded subject and
/// display names, quoted-printable UTF-8 bodies (multipart/alternative when `htmlBody` is set), CRLF line ends.
public struct OutgoingEmail: Sendable, Hashable {
    /// One header the caller adds verbatim (for example `X-Handover-Lead`). Values must be ASCII-safe.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var textBody: String
    public var htmlBody: String?
    /// This email's Message-ID, with or without angle brackets (see `MessageIDGenerator`).
    public var messageID: String
    /// The Message-ID this email answers (threading); brackets optional.
    public var inReplyTo: String?
    /// Earlier Message-IDs of the thread, oldest first; brackets optional.
    public var references: [String]
    /// The signed one-click unsubscribe URL (`https://…`).
    public var listUnsubscribeURL: String
    /// An optional `mailto:` unsubscribe address (with or without the `mailto:` scheme).
    public var listUnsubscribeMailto: String?
    public var extraHeaders: [Header]
    /// The `Date` header; defaults to the moment the value was made.
    public var date: Date

    public init(
        from: MailAddress,
        to: MailAddress,
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        messageID: String,
        inReplyTo: String? = nil,
        references: [String] = [],
        listUnsubscribeURL: String,
        listUnsubscribeMailto: String? = nil,
        extraHeaders: [Header] = [],
        date: Date = Date()
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.listUnsubscribeURL = listUnsubscribeURL
        self.listUnsubscribeMailto = listUnsubscribeMailto
        self.extraHeaders = extraHeaders
        self.date = date
    }

    /// The `List-Unsubscribe` value: the https URL first, then the mailto when given.
    public var listUnsubscribeHeaderValue: String {
        var value = "<\(listUnsubscribeURL)>"
        if let mailto = listUnsubscribeMailto, !mailto.isEmpty {
            value += ", <\(mailto.lowercased().hasPrefix("mailto:") ? mailto : "mailto:" + mailto)>"
        }
        return value
    }

    /// Renders the message as RFC 5322 bytes with CRLF line ends, ready for SMTP `DATA`.
    ///
    /// - Throws: `MailBuildError` for an empty or malformed address or message id, a header value holding
    ///   a line break (header injection), a non-https unsubscribe URL, or an extra header that would
    ///   override one this type manages.
    public func render() throws -> [UInt8] {
        try OutgoingEmailValidation.validate(self)
        return OutgoingMessageWriter.render(self)
    }
}
