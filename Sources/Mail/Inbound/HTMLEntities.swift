/// Decodes HTML character references: numeric (`&#233;`, `&#xE9;`) and the named ones seen in mail.
enum HTMLEntities {
    /// The scalar for an entity name without `&` and `;`, or nil when unknown.
    static func scalar(named name: String) -> Unicode.Scalar? {
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        }
        if name.hasPrefix("#") {
            return UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
        }
        return named[name] ?? named[name.lowercased()]
    }

    private static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
        "rsquo": "\u{2019}", "lsquo": "\u{2018}", "rdquo": "\u{201D}", "ldquo": "\u{201C}",
        "hellip": "\u{2026}", "mdash": "\u{2014}", "ndash": "\u{2013}", "bull": "\u{2022}",
        "middot": "\u{B7}", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "euro": "\u{20AC}",
        "pound": "\u{A3}", "eacute": "\u{E9}", "egrave": "\u{E8}", "ecirc": "\u{EA}", "aacute": "\u{E1}",
        "agrave": "\u{E0}", "acirc": "\u{E2}", "auml": "\u{E4}", "ouml": "\u{F6}", "uuml": "\u{FC}",
        "Auml": "\u{C4}", "Ouml": "\u{D6}", "Uuml": "\u{DC}", "szlig": "\u{DF}", "ccedil": "\u{E7}",
        "ntilde": "\u{F1}", "oacute": "\u{F3}", "iacute": "\u{ED}", "uacute": "\u{FA}", "Eacute": "\u{C9}",
        "shy": "\u{AD}", "zwnj": "\u{200C}", "thinsp": "\u{2009}", "ensp": "\u{2002}", "emsp": "\u{2003}",
    ]
}
