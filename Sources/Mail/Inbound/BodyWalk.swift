import CGMime
import Foundation

/// Walks a message's MIME tree once, remembering the first readable text parts and any delivery report.
///
/// Attached messages (`message/rfc822`) are not searched for body text: in a bounce they hold the
/// returned original, whose text is ours, not the sender's.
struct BodyWalk {
    private(set) var plainText: String?
    private(set) var htmlText: String?
    private(set) var deliveryStatus: DeliveryStatusReport?
    private(set) var returnedMessageID: String?

    /// Visits a part and its children.
    mutating func visit(_ object: UnsafeMutablePointer<GMimeObject>) {
        if handover_gmime_is_multipart(object) != 0 {
            let multipart: UnsafeMutablePointer<GMimeMultipart> = GMimeRuntime.cast(object)
            for index in 0..<g_mime_multipart_get_count(multipart) {
                if let child = g_mime_multipart_get_part(multipart, index) {
                    visit(child)
                }
            }
        } else if handover_gmime_is_message_part(object) != 0 {
            visitAttachedMessage(object)
        } else if handover_gmime_is_part(object) != 0 {
            visitLeaf(object)
        }
    }

    /// The text/plain body when it has content, else the HTML body as text, else empty.
    func bestText() -> String {
        if let plainText, !plainText.trimmed.isEmpty {
            return plainText
        }
        if let htmlText {
            return HTMLText.plainText(fromHTML: htmlText)
        }
        return plainText ?? ""
    }

    private mutating func visitLeaf(_ object: UnsafeMutablePointer<GMimeObject>) {
        guard let contentType = g_mime_object_get_content_type(object) else { return }
        let isAttachment = GMimeRuntime.string(g_mime_object_get_disposition(object))?.lowercased() == "attachment"

        if g_mime_content_type_is_type(contentType, "message", "delivery-status") != 0 {
            deliveryStatus = DeliveryStatusFields.parse(Self.decodedText(object))
        } else if g_mime_content_type_is_type(contentType, "text", "rfc822-headers") != 0 {
            readReturnedHeaders(Self.decodedBytes(object))
        } else if handover_gmime_is_text_part(object) != 0, !isAttachment {
            let textPart: UnsafeMutablePointer<GMimeTextPart> = GMimeRuntime.cast(object)
            if g_mime_content_type_is_type(contentType, "text", "plain") != 0, plainText == nil {
                plainText = Self.normalizedLineBreaks(GMimeRuntime.takeString(g_mime_text_part_get_text(textPart)))
            } else if g_mime_content_type_is_type(contentType, "text", "html") != 0, htmlText == nil {
                htmlText = Self.normalizedLineBreaks(GMimeRuntime.takeString(g_mime_text_part_get_text(textPart)))
            }
        }
    }

    /// A `message/*` part: in a report it is the returned original (or, for some parsers, the status).
    private mutating func visitAttachedMessage(_ object: UnsafeMutablePointer<GMimeObject>) {
        let messagePart: UnsafeMutablePointer<GMimeMessagePart> = GMimeRuntime.cast(object)
        guard let inner = g_mime_message_part_get_message(messagePart) else { return }
        let contentType = g_mime_object_get_content_type(object)
        if let contentType, g_mime_content_type_is_type(contentType, "message", "delivery-status") != 0 {
            let innerObject: UnsafeMutablePointer<GMimeObject> = GMimeRuntime.cast(inner)
            let bytes = GMimeRuntime.bytes { stream in _ = g_mime_object_write_to_stream(innerObject, nil, stream) }
            deliveryStatus = DeliveryStatusFields.parse(String(decoding: bytes, as: UTF8.self))
            return
        }
        if returnedMessageID == nil {
            returnedMessageID = GMimeRuntime.string(g_mime_message_get_message_id(inner)).map(MessageID.bare)
        }
    }

    /// Parses returned headers (text/rfc822-headers) with GMime to read their Message-ID.
    private mutating func readReturnedHeaders(_ bytes: [UInt8]) {
        guard returnedMessageID == nil, !bytes.isEmpty,
            let message = InboundMessageReader.constructMessage(bytes + Array("\n\n".utf8))
        else { return }
        defer { g_object_unref(message) }
        returnedMessageID = GMimeRuntime.string(g_mime_message_get_message_id(message)).map(MessageID.bare)
    }

    /// A leaf part's content with its transfer encoding removed.
    private static func decodedBytes(_ object: UnsafeMutablePointer<GMimeObject>) -> [UInt8] {
        let part: UnsafeMutablePointer<GMimePart> = GMimeRuntime.cast(object)
        guard let wrapper = g_mime_part_get_content(part) else { return [] }
        return GMimeRuntime.bytes { stream in _ = g_mime_data_wrapper_write_to_stream(wrapper, stream) }
    }

    private static func decodedText(_ object: UnsafeMutablePointer<GMimeObject>) -> String {
        String(decoding: decodedBytes(object), as: UTF8.self)
    }

    private static func normalizedLineBreaks(_ text: String?) -> String? {
        text?.replacingOccurrences(of: "\r\n", with: "\n")
    }
}
