import Foundation

/// A case-insensitive regular expression with a label, matched against normalised reply text.
///
/// Matches preceded by a negation in the same clause ("not", "don't", "no need to"…) are ignored when
/// `honoursNegation` is set, so "not interested in a call" does not count as asking for a call.
struct PhraseRule: @unchecked Sendable {
    // NSRegularExpression is immutable after creation and documented as safe to share between threads.
    private let expression: NSRegularExpression?
    let label: String
    let honoursNegation: Bool

    init(_ pattern: String, label: String, honoursNegation: Bool = true) {
        // The patterns are literals in this module; `isValid` lets the tests prove every one compiles.
        self.expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        self.label = label
        self.honoursNegation = honoursNegation
    }

    /// Whether the pattern compiled.
    var isValid: Bool { expression != nil }

    /// The UTF-16 offset of the first non-negated match in `text`, or nil.
    func firstMatch(in text: String) -> Int? {
        guard let expression else { return nil }
        let whole = NSRange(text.startIndex..., in: text)
        for match in expression.matches(in: text, range: whole) {
            if honoursNegation, Self.isNegated(match.range, in: text) { continue }
            return match.range.location
        }
        return nil
    }

    /// The text of the first match, ignoring negation.
    func firstMatchText(in text: String) -> String? {
        guard let expression,
            let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range, in: text)
        else { return nil }
        return String(text[range])
    }

    /// Whether any non-negated match exists.
    func matches(_ text: String) -> Bool {
        firstMatch(in: text) != nil
    }

    private static let negationCues = [
        "not ", "n't ", "no ", "never ", "no need to ", "without ", "nor ", "neither ", "dont ", "cannot ",
    ]

    /// Looks back up to 30 characters, within the clause, for a negation cue.
    private static func isNegated(_ range: NSRange, in text: String) -> Bool {
        let utf16 = text.utf16
        guard let matchStart = utf16.index(utf16.startIndex, offsetBy: range.location, limitedBy: utf16.endIndex),
            let start = String.Index(matchStart, within: text)
        else { return false }
        var windowStart = text.index(start, offsetBy: -30, limitedBy: text.startIndex) ?? text.startIndex
        let window = text[windowStart..<start]
        if let boundary = window.lastIndex(where: { ".!?;,\n".contains($0) }) {
            windowStart = text.index(after: boundary)
        }
        let clause = " " + text[windowStart..<start].lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
        return negationCues.contains { cue in
            cue.hasPrefix("n't") ? clause.contains(cue) : clause.contains(" " + cue)
        }
    }
}
