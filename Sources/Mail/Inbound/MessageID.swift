import Foundation

/// Message-ID normalisation shared by inbound parsing and outbound building.
///
/// Inbound fields (`messageID`, `inReplyTo`, `references`) are always bare: no angle brackets, no
/// surrounding whitespace. Compare stored ids with `MessageID.bare(_:)` applied to both sides.
public enum MessageID {
    /// Strips surrounding whitespace and one pair of angle brackets: `<a@b>` → `a@b`.
    public static func bare(_ id: String) -> String {
        var value = Substring(id.trimmed)
        if value.hasPrefix("<") { value = value.dropFirst() }
        if value.hasSuffix(">") { value = value.dropLast() }
        return value.trimmed
    }

    /// The id in header form, with angle brackets: `a@b` → `<a@b>`.
    public static func bracketed(_ id: String) -> String {
        "<\(bare(id))>"
    }
}
