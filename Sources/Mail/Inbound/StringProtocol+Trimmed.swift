extension StringProtocol {
    /// The text without leading and trailing whitespace or line breaks.
    ///
    /// A standard-library version of Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)`,
    /// which bridges through NSString on Linux and was a large share of parse time.
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
