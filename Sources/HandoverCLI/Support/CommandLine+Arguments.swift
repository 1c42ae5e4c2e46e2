/// Parsed command-line arguments: the command words, then `--name value` options and `--flag`s.
struct Arguments {
    var words: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []

    /// Options that take no value.
    static let knownFlags: Set<String> = ["json", "help", "refresh", "yes", "all"]

    init(_ raw: [String]) throws {
        var index = 0
        while index < raw.count {
            let item = raw[index]
            if item.hasPrefix("--") {
                let name = String(item.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    options[String(name[..<equals])] = String(name[name.index(after: equals)...])
                } else if Self.knownFlags.contains(name) {
                    flags.insert(name)
                } else {
                    guard index + 1 < raw.count else { throw CLIError("option --\(name) needs a value") }
                    options[name] = raw[index + 1]
                    index += 1
                }
            } else if item == "-h" {
                flags.insert("help")
            } else {
                words.append(item)
            }
            index += 1
        }
    }

    var wantsJSON: Bool { flags.contains("json") }

    func required(_ name: String, hint: String) throws -> String {
        guard let value = options[name], !value.isEmpty else {
            throw CLIError("missing --\(name) (\(hint))")
        }
        return value
    }

    func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let raw = options[name] else { return fallback }
        guard let value = Int(raw), range.contains(value) else {
            throw CLIError("--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}

/// A problem the operator can fix; printed without a stack trace, with what to do next.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
