/// A parsed email template: literal text and merge fields.
///
/// Syntax:
/// - `{{contact.firstName}}` inserts a field; spaces inside the braces are allowed.
/// - `{{contact.firstName | "there"}}` falls back to `there` when the field is empty or absent. Inside the quotes,
///   `\"` is a quote and `\\` a backslash. An explicit empty fallback (`| ""`) lets a field be left out.
/// - `\{{` and `\}}` write literal double braces; any other backslash is literal text.
/// - A single `{` or `}` is literal text. An unclosed `{{`, a stray `}}`, an empty or malformed field name, a
///   missing closing quote or anything else inside the braces is an error, reported with its character offset.
public struct Template: Sendable, Hashable {
    /// One piece of a template.
    public enum Segment: Sendable, Hashable {
        case text(String)
        case field(name: String, fallback: String?)
    }

    public let segments: [Segment]

    public init(segments: [Segment]) {
        self.segments = segments
    }

    /// The field names used, in order of first use.
    public var fieldNames: [String] {
        var seen: Set<String> = []
        return segments.compactMap { segment in
            guard case .field(let name, _) = segment, seen.insert(name).inserted else { return nil }
            return name
        }
    }

    /// Parses `text`. When `knownFields` is given, a field outside it is an error.
    public static func parse(
        _ text: String,
        knownFields: Set<String>? = MergeField.known
    ) throws(TemplateError) -> Template {
        var parser = TemplateParser(characters: Array(text), knownFields: knownFields)
        return Template(segments: try parser.parse())
    }
}

/// The scanner behind `Template.parse`.
private struct TemplateParser {
    let characters: [Character]
    let knownFields: Set<String>?
    var position = 0
    var segments: [Template.Segment] = []
    var literal = ""

    init(characters: [Character], knownFields: Set<String>?) {
        self.characters = characters
        self.knownFields = knownFields
    }

    mutating func parse() throws(TemplateError) -> [Template.Segment] {
        while position < characters.count {
            if lookingAt("\\{{") {
                literal += "{{"
                position += 3
            } else if lookingAt("\\}}") {
                literal += "}}"
                position += 3
            } else if lookingAt("{{") {
                flushLiteral()
                try parseField()
            } else if lookingAt("}}") {
                throw TemplateError(
                    offset: position,
                    problem: "\"}}\" without a matching \"{{\" (write \\}} for literal braces)"
                )
            } else {
                literal.append(characters[position])
                position += 1
            }
        }
        flushLiteral()
        return segments
    }

    private mutating func parseField() throws(TemplateError) {
        let start = position
        position += 2
        skipSpaces()

        let nameStart = position
        while position < characters.count, isNameCharacter(characters[position]) {
            position += 1
        }
        let name = String(characters[nameStart..<position])
        guard !name.isEmpty else {
            if position >= characters.count || characters[position].isNewline {
                throw TemplateError(offset: start, problem: "\"{{\" is never closed (write \\{{ for literal braces)")
            }
            throw TemplateError(offset: nameStart, problem: "a merge field needs a name such as contact.firstName")
        }
        guard name.first?.isLetter == true, !name.hasSuffix("."), !name.contains("..") else {
            throw TemplateError(offset: nameStart, problem: "\"\(name)\" is not a valid merge field name")
        }
        skipSpaces()

        var fallback: String?
        if position < characters.count, characters[position] == "|" {
            position += 1
            skipSpaces()
            fallback = try parseQuoted(fieldStart: start)
            skipSpaces()
        }

        guard lookingAt("}}") else {
            if position >= characters.count || characters[position].isNewline {
                throw TemplateError(offset: start, problem: "\"{{\" is never closed (write \\{{ for literal braces)")
            }
            throw TemplateError(
                offset: position,
                problem: "unexpected \"\(characters[position])\" in merge field \"\(name)\"; "
                    + "expected }} or | \"fallback\""
            )
        }
        if let knownFields, !knownFields.contains(name) {
            throw TemplateError(offset: nameStart, problem: "unknown merge field \"\(name)\"")
        }
        position += 2
        segments.append(.field(name: name, fallback: fallback))
    }

    private mutating func parseQuoted(fieldStart: Int) throws(TemplateError) -> String {
        guard position < characters.count, characters[position] == "\"" else {
            throw TemplateError(offset: position, problem: "a fallback must be in double quotes, like | \"there\"")
        }
        let quoteStart = position
        position += 1
        var value = ""
        while position < characters.count {
            let character = characters[position]
            if character == "\\", position + 1 < characters.count,
                characters[position + 1] == "\"" || characters[position + 1] == "\\"
            {
                value.append(characters[position + 1])
                position += 2
            } else if character == "\"" {
                position += 1
                return value
            } else if character.isNewline {
                break
            } else {
                value.append(character)
                position += 1
            }
        }
        throw TemplateError(offset: quoteStart, problem: "the fallback's closing quote is missing")
    }

    private func lookingAt(_ token: String) -> Bool {
        var index = position
        for character in token {
            guard index < characters.count, characters[index] == character else { return false }
            index += 1
        }
        return true
    }

    private mutating func skipSpaces() {
        while position < characters.count, characters[position] == " " || characters[position] == "\t" {
            position += 1
        }
    }

    private func isNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == ".")
    }

    private mutating func flushLiteral() {
        guard !literal.isEmpty else { return }
        segments.append(.text(literal))
        literal = ""
    }
}
