import CGMime
import Foundation

/// Turns raw bytes into an `InboundEmail` with GMime.
///
/// Ownership: the stream, parser and message built here are unreferenced before returning; every pointer
/// obtained from a `get` call belongs to its parent object and is only read while that object lives.
enum InboundMessageReader {
    /// Parses bytes already checked for size.
    static func read(_ raw: [UInt8]) throws -> InboundEmail {
        GMimeRuntime.ensureInitialised()
        guard let message = constructMessage(raw) else { throw MailParseError(.notAMessage) }
        defer { g_object_unref(message) }

        let object: UnsafeMutablePointer<GMimeObject> = GMimeRuntime.cast(message)
        guard let headerList = g_mime_object_get_header_list(object), g_mime_header_list_get_count(headerList) > 0
        else { throw MailParseError(.notAMessage) }

        var email = InboundEmail()
        email.messageID = GMimeRuntime.string(g_mime_message_get_message_id(message)).map(MessageID.bare)
        email.inReplyTo = firstMessageID(GMimeRuntime.string(g_mime_object_get_header(object, "In-Reply-To")))
        email.references = messageIDs(GMimeRuntime.string(g_mime_object_get_header(object, "References")))
        email.from = addresses(g_mime_message_get_from(message)).first
        email.to = addresses(g_mime_message_get_to(message))
        email.cc = addresses(g_mime_message_get_cc(message))
        email.subject =
            GMimeRuntime.string(g_mime_message_get_subject(message))?
            .trimmed ?? ""
        if let date = g_mime_message_get_date(message) {
            email.date = Date(timeIntervalSince1970: TimeInterval(g_date_time_to_unix(date)))
        }
        readHeaders(headerList, into: &email)

        var walk = BodyWalk()
        if let root = g_mime_message_get_mime_part(message) {
            walk.visit(root)
        }
        email.textBody = walk.bestText()
        email.deliveryStatus = walk.deliveryStatus
        email.returnedMessageID = walk.returnedMessageID ?? returnedMessageIDInText(of: email)
        return email
    }

    /// Builds a GMime message from bytes; nil when GMime finds no message.
    static func constructMessage(_ raw: [UInt8]) -> UnsafeMutablePointer<GMimeMessage>? {
        let stream: UnsafeMutablePointer<GMimeStream>? = raw.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    g_mime_stream_mem_new_with_buffer($0, buffer.count)
                }
            }
        }
        guard let stream else { return nil }
        defer { g_object_unref(stream) }
        guard let parser = g_mime_parser_new_with_stream(stream) else { return nil }
        defer { g_object_unref(parser) }
        return g_mime_parser_construct_message(parser, nil)
    }

    /// Collects selected headers (first occurrence) and every Delivered-To.
    private static func readHeaders(_ list: UnsafeMutablePointer<GMimeHeaderList>, into email: inout InboundEmail) {
        let wanted = Set(InboundEmail.selectedHeaderNames)
        for index in 0..<g_mime_header_list_get_count(list) {
            guard let header = g_mime_header_list_get_header_at(list, index),
                let name = GMimeRuntime.string(g_mime_header_get_name(header))?.lowercased()
            else { continue }
            let value =
                GMimeRuntime.string(g_mime_header_get_value(header))?
                .trimmed ?? ""
            if name == "delivered-to" {
                email.deliveredTo.append(MessageID.bare(value))
            } else if wanted.contains(name), email.headers[name] == nil {
                email.headers[name] = value
            }
        }
    }

    /// Non-RFC 3464 bounces (qmail, older Postfix and Exim) quote the returned headers as plain text.
    private static func returnedMessageIDInText(of email: InboundEmail) -> String? {
        let senders: Set<String> = ["mailer-daemon", "postmaster", "mail-daemon"]
        guard email.deliveryStatus != nil || senders.contains(email.from?.localPart ?? "") else { return nil }
        for line in email.textBody.split(separator: "\n") {
            let trimmed = line.trimmed
            guard trimmed.lowercased().hasPrefix("message-id:") else { continue }
            return firstMessageID(String(trimmed.dropFirst("message-id:".count)))
        }
        return nil
    }

    /// The first message id in a header value, bare; falls back to the trimmed value.
    static func firstMessageID(_ value: String?) -> String? {
        guard let value, !value.trimmed.isEmpty else { return nil }
        if let decoded = GMimeRuntime.takeString(g_mime_utils_decode_message_id(value)), !decoded.isEmpty {
            return MessageID.bare(decoded)
        }
        return MessageID.bare(value)
    }

    /// All message ids in a References-style value, bare, in order.
    private static func messageIDs(_ value: String?) -> [String] {
        guard let value, let references = g_mime_references_parse(nil, value) else { return [] }
        defer { g_mime_references_free(references) }
        return (0..<g_mime_references_length(references)).compactMap { index in
            GMimeRuntime.string(g_mime_references_get_message_id(references, index)).map(MessageID.bare)
        }
    }

    /// Mailboxes in an address list, with groups flattened.
    static func addresses(_ list: UnsafeMutablePointer<InternetAddressList>?) -> [MailAddress] {
        guard let list else { return [] }
        var result: [MailAddress] = []
        for index in 0..<internet_address_list_length(list) {
            guard let address = internet_address_list_get_address(list, index) else { continue }
            if handover_internet_address_is_mailbox(address) != 0 {
                let mailbox: UnsafeMutablePointer<InternetAddressMailbox> = GMimeRuntime.cast(address)
                guard let addr = GMimeRuntime.string(internet_address_mailbox_get_addr(mailbox)) else { continue }
                let name = GMimeRuntime.string(internet_address_get_name(address))
                result.append(MailAddress(address: addr, name: name?.isEmpty == true ? nil : name))
            } else if handover_internet_address_is_group(address) != 0 {
                let group: UnsafeMutablePointer<InternetAddressGroup> = GMimeRuntime.cast(address)
                result += addresses(internet_address_group_get_members(group))
            }
        }
        return result
    }
}
