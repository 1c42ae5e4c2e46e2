/// Checks an `OutgoingEmail` before GMime sees it, so bad input fails with a clear error instead of
/// producing a broken or injectable message.
enum OutgoingEmailValidation {
    /// Headers `OutgoingEmail` writes itself; `extraHeaders` may not set them.
    static let managedHeaders: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "in-reply-to", "references",
        "mime-version", "content-type", "content-transfer-encoding", "list-unsubscribe", "list-unsubscribe-post",
    ]

    static func validate(_ email: OutgoingEmail) throws {
        try checkAddress(email.from, field: "from")
        try checkAddress(email.to, field: "to")
        try checkSingleLine(email.subject, field: "subject")
        try checkMessageID(email.messageID, field: "messageID")
        if let inReplyTo = email.inReplyTo {
            try checkMessageID(inReplyTo, field: "inReplyTo")
        }
        for (index, reference) in email.references.enumerated() {
            try checkMessageID(reference, field: "references[\(index)]")
        }

        // RFC 8058 one-click needs HTTPS; plain HTTP is allowed only on loopback, for local runs and tests.
        let url = email.listUnsubscribeURL.lowercased()
        let isLoopback = url.hasPrefix("http://127.0.0.1") || url.hasPrefix("http://localhost")
        guard url.hasPrefix("https://") || isLoopback else {
            throw MailBuildError(field: "listUnsubscribeURL", problem: "must be an https URL")
        }
        try checkHeaderText(email.listUnsubscribeURL, field: "listUnsubscribeURL")
        if let mailto = email.listUnsubscribeMailto {
            try checkHeaderText(mailto, field: "listUnsubscribeMailto")
        }

        for (index, header) in email.extraHeaders.enumerated() {
            let field = "extraHeaders[\(index)]"
            let isToken =
                !header.name.isEmpty
                && header.name.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 && $0 != ":" }
            guard isToken else { throw MailBuildError(field: field, problem: "has an invalid header name") }
            guard !managedHeaders.contains(header.name.lowercased()) else {
                throw MailBuildError(field: field, problem: "would override a header OutgoingEmail manages")
            }
            try checkHeaderText(header.value, field: field)
        }
    }

    private static func checkAddress(_ mailbox: MailAddress, field: String) throws {
        let parts = mailbox.address.split(separator: "@", omittingEmptySubsequences: false)
        let isPlausible =
            parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && mailbox.address.unicodeScalars.allSatisfy { $0.value > 32 && $0 != "<" && $0 != ">" && $0 != "," }
        guard isPlausible else {
            throw MailBuildError(field: "\(field).address", problem: "is not a valid email address")
        }
        if let name = mailbox.name {
            try checkSingleLine(name, field: "\(field).name")
        }
    }

    private static func checkMessageID(_ id: String, field: String) throws {
        let bare = MessageID.bare(id)
        let isValid =
            bare.contains("@")
            && bare.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 && $0 != "<" && $0 != ">" }
        guard isValid else { throw MailBuildError(field: field, problem: "is not a valid message id") }
    }

    private static func checkSingleLine(_ text: String, field: String) throws {
        guard !text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            throw MailBuildError(field: field, problem: "contains a line break")
        }
    }

    private static func checkHeaderText(_ text: String, field: String) throws {
        try checkSingleLine(text, field: field)
        guard text.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) else {
            throw MailBuildError(field: field, problem: "must be printable ASCII")
        }
    }
}
