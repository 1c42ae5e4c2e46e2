/// One CLI command: its words (`assistants create`), a summary, its options, and what it does.
struct Command: Sendable {
    var words: [String]
    var summary: String
    var usage: String
    var run: @Sendable (CLIContext) throws -> Void

    var name: String { words.joined(separator: " ") }

    var help: String {
        "handover \(name) — \(summary)\n\nusage: handover \(name) \(usage)\n\nAdd --json for machine-readable output."
    }
}
