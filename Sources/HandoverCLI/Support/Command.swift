/// One CLI command: its words (`assistants create`), a summary, its options, and what it does.
struct Command: Sendable {
    var words: [String]
    var summary: String
    var usage: String
    var run: @Sendable (CLIContext) throws -> Void

    var name: String { words.joined(separator: " ") }

    /// The options and flags this command accepts: those its usage names, plus `--json` and `--help`.
    var acceptedOptions: Set<String> {
        var names: Set<String> = ["json", "help"]
        for piece in usage.components(separatedBy: "--").dropFirst() {
            let name = piece.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            if !name.isEmpty { names.insert(String(name)) }
        }
        return names
    }

    /// Refuses options the command does not know and words after the command, so a typo is never ignored.
    func validate(_ arguments: Arguments) throws {
        let accepted = acceptedOptions
        if let unknown = (Array(arguments.options.keys) + Array(arguments.flags)).sorted().first(where: {
            !accepted.contains($0)
        }) {
            throw CLIError("handover \(name) has no option --\(unknown); usage: handover \(name) \(usage)")
        }
        if arguments.words.count > words.count {
            let extra = arguments.words[words.count...].joined(separator: " ")
            throw CLIError("unexpected '\(extra)' after handover \(name); usage: handover \(name) \(usage)")
        }
    }

    var help: String {
        "handover \(name) — \(summary)\n\nusage: handover \(name) \(usage)\n\nAdd --json for machine-readable output."
    }
}
