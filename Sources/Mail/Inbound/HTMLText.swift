/// Converts an HTML body into readable plain text.
///
/// Tags are dropped, `<script>`/`<style>` and comments removed, entities decoded, runs of whitespace
/// collapsed, and block elements (`<p>`, `<div>`, `<br>`, list items, table rows, headings) become line
/// breaks. Text inside `<blockquote>` is prefixed with `> ` so quoted history looks like it does in a
/// plain-text reply.
enum HTMLText {
    /// Returns the text of an HTML document or fragment.
    static func plainText(fromHTML html: String) -> String {
        var converter = Converter(Array(html.unicodeScalars))
        converter.run()
        return converter.finishedText()
    }

    private static let blockTags: Set<String> = [
        "div", "tr", "table", "ul", "ol", "hr", "section", "article", "header", "footer", "center", "pre",
        "title",
    ]
    private static let paragraphTags: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6"]
    private static let skippedTags: Set<String> = ["script", "style", "head"]

    /// A single pass over the document's scalars.
    private struct Converter {
        let input: [Unicode.Scalar]
        var position = 0
        var output = String.UnicodeScalarView()
        var quoteDepth = 0
        var isAtLineStart = true
        var hasPendingSpace = false

        init(_ input: [Unicode.Scalar]) {
            self.input = input
        }

        mutating func run() {
            while position < input.count {
                let scalar = input[position]
                if scalar == "<" {
                    readTag()
                } else if scalar == "&" {
                    let decoded = readEntity()
                    if decoded == " " || decoded == "\u{A0}" {
                        hasPendingSpace = !isAtLineStart
                    } else {
                        emit(decoded)
                    }
                } else {
                    position += 1
                    if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{A0}" {
                        hasPendingSpace = !isAtLineStart
                    } else {
                        emit(scalar)
                    }
                }
            }
        }

        func finishedText() -> String {
            var lines: [Substring] = []
            var blankRun = 0
            for line in String(output).split(separator: "\n", omittingEmptySubsequences: false) {
                let trimmed = line.reversed().drop(while: { $0 == " " }).reversed()
                let text = Substring(String(trimmed))
                if text.isEmpty || text.allSatisfy({ $0 == ">" || $0 == " " }) {
                    blankRun += 1
                    if blankRun > 1 { continue }
                } else {
                    blankRun = 0
                }
                lines.append(text)
            }
            return lines.joined(separator: "\n").trimmed
        }

        private mutating func emit(_ scalar: Unicode.Scalar) {
            if isAtLineStart {
                for _ in 0..<quoteDepth { output.append(contentsOf: "> ".unicodeScalars) }
            } else if hasPendingSpace {
                output.append(" ")
            }
            output.append(scalar)
            isAtLineStart = false
            hasPendingSpace = false
        }

        private mutating func lineBreak(forced: Bool = false) {
            if !isAtLineStart || forced {
                output.append("\n")
            }
            isAtLineStart = true
            hasPendingSpace = false
        }

        private mutating func readTag() {
            if matches("<!--") {
                skip(past: "-->")
                return
            }
            let start = position + 1
            var end = start
            while end < input.count, input[end] != ">" { end += 1 }
            let body = String(String.UnicodeScalarView(input[start..<min(end, input.count)]))
            position = min(end + 1, input.count)

            let isClosing = body.hasPrefix("/")
            let name = body.drop(while: { $0 == "/" })
                .prefix(while: { $0.isLetter || $0.isNumber })
                .lowercased()
            handle(tag: name, isClosing: isClosing)
        }

        private mutating func handle(tag name: String, isClosing: Bool) {
            if HTMLText.skippedTags.contains(name), !isClosing {
                skip(past: "</\(name)")
                skip(past: ">")
            } else if name == "br" {
                lineBreak(forced: true)
            } else if HTMLText.paragraphTags.contains(name) {
                lineBreak()
                if isClosing { lineBreak(forced: true) }
            } else if name == "blockquote" {
                lineBreak()
                quoteDepth = max(0, quoteDepth + (isClosing ? -1 : 1))
            } else if name == "li", !isClosing {
                lineBreak()
                emit("-")
                hasPendingSpace = true
            } else if HTMLText.blockTags.contains(name) || name == "li" {
                lineBreak()
            } else if name == "td" || name == "th" {
                hasPendingSpace = !isAtLineStart
            }
        }

        private mutating func readEntity() -> Unicode.Scalar {
            var end = position + 1
            while end < input.count, end - position <= 10, input[end] != ";", input[end] != "&",
                input[end] != "<", input[end] != " "
            {
                end += 1
            }
            guard end < input.count, input[end] == ";" else {
                position += 1
                return "&"
            }
            let name = String(String.UnicodeScalarView(input[(position + 1)..<end]))
            guard let scalar = HTMLEntities.scalar(named: name) else {
                position += 1
                return "&"
            }
            position = end + 1
            return scalar
        }

        private func matches(_ text: String) -> Bool {
            var index = position
            for scalar in text.unicodeScalars {
                guard index < input.count, input[index] == scalar else { return false }
                index += 1
            }
            return true
        }

        private mutating func skip(past marker: String) {
            let target = Array(marker.lowercased().unicodeScalars)
            while position < input.count {
                var index = 0
                while index < target.count, position + index < input.count,
                    Self.asciiLowercased(input[position + index]) == target[index]
                {
                    index += 1
                }
                if index == target.count {
                    position += index
                    return
                }
                position += 1
            }
        }

        private static func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
            guard scalar.value >= 65, scalar.value <= 90, let lower = Unicode.Scalar(scalar.value + 32) else {
                return scalar
            }
            return lower
        }
    }
}
