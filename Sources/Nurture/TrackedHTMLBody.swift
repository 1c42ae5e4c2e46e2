import Foundation

/// The HTML part of an outgoing email, made from its rendered text body: the text escaped, every web link
/// turned into a signed click redirect, and the open pixel at the end.
///
/// The unsubscribe link stays direct: it must work even where the tracking host is blocked, and opening it
/// is not engagement.
struct TrackedHTMLBody {
    let publicURL: String
    let signer: LinkSigner
    let messageRowID: UUID
    let unsubscribeURL: String

    func render(_ text: String) -> String {
        var html = ""
        var rest = text.startIndex
        for range in Self.links(in: text) {
            html += Self.escape(text[rest..<range.lowerBound])
            let url = String(text[range])
            html += "<a href=\"\(Self.escape(href(for: url)[...]))\">\(Self.escape(url[...]))</a>"
            rest = range.upperBound
        }
        html += Self.escape(text[rest...])
        let pixel = "\(publicURL)/t/open/" + signer.token(messageID: messageRowID, purpose: "open") + ".gif"
        let paragraphs = html.replacingOccurrences(of: "\n", with: "<br>\n")
        return "<html><body><p>\(paragraphs)</p><img src=\"\(pixel)\" width=\"1\" height=\"1\" alt=\"\"></body></html>"
    }

    /// The web links in plain text: from `http://` or `https://` to the next space, quote or angle bracket,
    /// without trailing sentence punctuation.
    static func links(in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var searchFrom = text.startIndex
        while let start = text.range(of: "http", options: .caseInsensitive, range: searchFrom..<text.endIndex) {
            let afterScheme = text[start.upperBound...]
            guard afterScheme.hasPrefix("://") || afterScheme.lowercased().hasPrefix("s://") else {
                searchFrom = start.upperBound
                continue
            }
            var end =
                text[start.lowerBound...].firstIndex { $0.isWhitespace || "<>\"'".contains($0) }
                ?? text.endIndex
            while end > start.upperBound, ".,;:!?)]".contains(text[text.index(before: end)]) {
                end = text.index(before: end)
            }
            if text[start.lowerBound..<end].count > "https://".count { found.append(start.lowerBound..<end) }
            searchFrom = end > start.upperBound ? end : start.upperBound
        }
        return found
    }

    /// Where a link in the body points: the click redirect, signed over the target, for every link but the
    /// unsubscribe one.
    func href(for url: String) -> String {
        guard url != unsubscribeURL else { return url }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let target = url.addingPercentEncoding(withAllowedCharacters: allowed) ?? url
        return "\(publicURL)/t/click/" + signer.token(messageID: messageRowID, purpose: "click", target: url)
            + "?u=" + target
    }

    private static func escape(_ text: Substring) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
