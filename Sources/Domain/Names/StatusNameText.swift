/// Text normalisation shared by every JobAdder status-name comparison: trimmed, inner whitespace collapsed
/// to one space, lowercased. JobAdder admins type these names by hand, so comparisons must forgive spacing
/// and case.
enum StatusNameText {
    /// `name` trimmed, with runs of whitespace collapsed to one space and lowercased.
    static func normalize(_ name: String) -> String {
        name.split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
            .lowercased()
    }
}
