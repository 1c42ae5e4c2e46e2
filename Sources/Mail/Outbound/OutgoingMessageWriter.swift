import CGMime
import Foundation

/// Builds the GMime object tree for an `OutgoingEmail` and serialises it.
///
/// Ownership: every object created here is unreferenced before `render` returns; parts added to a
/// multipart or message are referenced by their container, so our own reference is dropped right after.
enum OutgoingMessageWriter {
    /// Renders an already validated email.
    static func render(_ email: OutgoingEmail) -> [UInt8] {
        GMimeRuntime.ensureInitialised()
        guard let message = g_mime_message_new(1) else { return [] }
        defer { g_object_unref(message) }
        let object: UnsafeMutablePointer<GMimeObject> = GMimeRuntime.cast(message)

        g_mime_message_add_mailbox(message, GMIME_ADDRESS_TYPE_FROM, email.from.name, email.from.address)
        g_mime_message_add_mailbox(message, GMIME_ADDRESS_TYPE_TO, email.to.name, email.to.address)
        g_mime_message_set_subject(message, email.subject, "utf-8")
        setDate(email.date, on: message)
        g_mime_message_set_message_id(message, MessageID.bare(email.messageID))
        if let inReplyTo = email.inReplyTo {
            g_mime_object_set_header(object, "In-Reply-To", MessageID.bracketed(inReplyTo), nil)
        }
        if !email.references.isEmpty {
            let value = email.references.map(MessageID.bracketed).joined(separator: " ")
            g_mime_object_set_header(object, "References", value, nil)
        }
        // GMime would RFC 2047-encode a value this long, which mail clients do not decode in
        // List-Unsubscribe; a placeholder is written here and swapped for the raw value after serializing.
        g_mime_object_set_header(object, "List-Unsubscribe", Self.listUnsubscribePlaceholder, nil)
        g_mime_object_set_header(object, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click", nil)
        for header in email.extraHeaders {
            g_mime_object_append_header(object, header.name, header.value, nil)
        }

        attachBody(of: email, to: message)
        return replacingPlaceholder(in: serialize(object), with: email.listUnsubscribeHeaderValue)
    }

    static let listUnsubscribePlaceholder = "<handover-list-unsubscribe>"

    /// Puts the real List-Unsubscribe value (URLs only, validated to be one line) in place of the placeholder.
    private static func replacingPlaceholder(in bytes: [UInt8], with value: String) -> [UInt8] {
        let placeholder = Array(listUnsubscribePlaceholder.utf8)
        guard let start = bytes.firstRange(of: placeholder) else { return bytes }
        var result = Array(bytes[..<start.lowerBound])
        result += Array(value.utf8)
        result += bytes[start.upperBound...]
        return result
    }

    private static func setDate(_ date: Date, on message: UnsafeMutablePointer<GMimeMessage>) {
        guard let dateTime = g_date_time_new_from_unix_utc(gint64(date.timeIntervalSince1970.rounded(.down)))
        else { return }
        defer { g_date_time_unref(dateTime) }
        g_mime_message_set_date(message, dateTime)
    }

    private static func attachBody(of email: OutgoingEmail, to message: UnsafeMutablePointer<GMimeMessage>) {
        guard let text = makeTextPart(subtype: "plain", content: email.textBody) else { return }
        guard let html = email.htmlBody.flatMap({ makeTextPart(subtype: "html", content: $0) }) else {
            g_mime_message_set_mime_part(message, GMimeRuntime.cast(text))
            g_object_unref(text)
            return
        }
        guard let alternative = g_mime_multipart_new_with_subtype("alternative") else { return }
        g_mime_multipart_add(alternative, GMimeRuntime.cast(text))
        g_mime_multipart_add(alternative, GMimeRuntime.cast(html))
        g_object_unref(text)
        g_object_unref(html)
        g_mime_message_set_mime_part(message, GMimeRuntime.cast(alternative))
        g_object_unref(alternative)
    }

    /// A text part holding UTF-8 content, quoted-printable encoded.
    /// GMime allocations abort rather than return NULL; the optionals only satisfy the imported signatures.
    private static func makeTextPart(subtype: String, content: String) -> UnsafeMutablePointer<GMimeTextPart>? {
        guard let part = g_mime_text_part_new_with_subtype(subtype) else { return nil }
        let normalized = content.replacingOccurrences(of: "\r\n", with: "\n")
        var bytes = Array(normalized.utf8)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }

        let stream = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    g_mime_stream_mem_new_with_buffer($0, buffer.count)
                }
            }
        }
        guard let stream else {
            g_object_unref(part)
            return nil
        }
        let wrapper = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT)
        g_object_unref(stream)
        guard let wrapper else {
            g_object_unref(part)
            return nil
        }
        let mimePart: UnsafeMutablePointer<GMimePart> = GMimeRuntime.cast(part)
        g_mime_part_set_content(mimePart, wrapper)
        g_object_unref(wrapper)

        g_mime_text_part_set_charset(part, "utf-8")
        g_mime_part_set_content_encoding(mimePart, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE)
        return part
    }

    private static func serialize(_ object: UnsafeMutablePointer<GMimeObject>) -> [UInt8] {
        let options = g_mime_format_options_new()
        defer { g_mime_format_options_free(options) }
        g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS)
        return GMimeRuntime.bytes { stream in _ = g_mime_object_write_to_stream(object, options, stream) }
    }
}
