import Foundation

/// Extracts what the sender actually wrote in a reply: quoted history and signatures are removed so that
/// our own email (whose footer says "unsubscribe") can never trigger a rule.
///
/// Cuts at the first of: an attribution line (`On … wrote:`, also wrapped over two lines, and common
/// French/German/Spanish forms), `-----Original Message-----`, an Outlook header block (`From:` followed
/// by `Sent:`/`Date:` within four lines, optionally after a `____` rule), `Begin forwarded message`,
/// a signature separator (`-- `), a mobile signature (`Sent from my …`, `Get Outlook for …`), or a
/// sign-off line (`Regards,`, `Thanks,`, `Cheers`…) that has text before it and only a short block after.
/// Lines starting with `>` are dropped wherever they are.
enum ReplyText {
    /// The new content of a reply body, trimmed.
    static func newContent(of body: String) -> String {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmed
        }
        let historyStart = lines.indices.first { isHistoryStart(lines, at: $0) } ?? lines.count
        let fresh = Array(lines[..<historyStart])
        var kept: [String] = []
        for (index, line) in fresh.enumerated() {
            if isSignatureStart(fresh, at: index, keptSoFar: kept) { break }
            if !line.hasPrefix(">") {
                kept.append(line)
            }
        }
        return kept.joined(separator: "\n").trimmed
    }

    private static func isHistoryStart(_ lines: [String], at index: Int) -> Bool {
        let line = lines[index]
        let lower = line.lowercased()
        if lower.hasPrefix("-----") && lower.contains("original message") { return true }
        if lower.hasPrefix("begin forwarded message") || lower.hasPrefix("---------- forwarded message") {
            return true
        }
        if isAttribution(lower) { return true }
        if index + 1 < lines.count, lower.hasPrefix("on "), !lower.hasSuffix("."),
            isAttribution(lower + " " + lines[index + 1].lowercased())
        {
            return true
        }
        if lower.hasPrefix("from:")
            || (lower.hasPrefix("_____") && index + 1 < lines.count
                && lines[index + 1].lowercased().hasPrefix("from:"))
        {
            let window = lines[(index + 1)..<min(lines.count, index + 6)].map { $0.lowercased() }
            return window.contains { $0.hasPrefix("sent:") || $0.hasPrefix("date:") || $0.hasPrefix("subject:") }
        }
        return false
    }

    private static func isAttribution(_ lower: String) -> Bool {
        (lower.hasPrefix("on ") && (lower.hasSuffix("wrote:") || lower.hasSuffix("wrote :")))
            || (lower.hasPrefix("le ") && lower.hasSuffix("a écrit :"))
            || (lower.hasPrefix("am ") && lower.hasSuffix("schrieb:"))
            || (lower.hasPrefix("el ") && lower.hasSuffix("escribió:"))
    }

    private static let signOffs: Set<String> = [
        "regards", "kind regards", "best regards", "warm regards", "many thanks", "thanks", "thank you",
        "cheers", "best", "all the best", "best wishes", "sincerely", "yours sincerely", "thanks again",
        "with thanks", "speak soon", "talk soon", "ta", "thx",
    ]

    private static func isSignatureStart(_ lines: [String], at index: Int, keptSoFar: [String]) -> Bool {
        let line = lines[index]
        if line == "--" || line == "-- " || line == "—" { return true }
        let lower = line.lowercased()
        if lower.hasPrefix("sent from my ") || lower.hasPrefix("get outlook for ")
            || lower.hasPrefix("sent from outlook")
            || lower.hasPrefix("sent from mail for windows") || lower.hasPrefix("sent via ")
        {
            return true
        }

        let edges: Set<Character> = [",", ".", "!", "-", "–", " "]
        let phrase = String(lower.drop(while: edges.contains).reversed().drop(while: edges.contains).reversed())
        guard signOffs.contains(phrase), keptSoFar.contains(where: { !$0.isEmpty }) else { return false }
        let nonEmpty = lines[(index + 1)...].filter { !$0.isEmpty && !$0.hasPrefix(">") }
        return nonEmpty.count <= 6 && nonEmpty.allSatisfy { $0.count < 80 && !$0.hasSuffix("?") }
    }
}
