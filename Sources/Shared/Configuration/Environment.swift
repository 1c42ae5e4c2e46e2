import Foundation

/// Reads and validates configuration from environment variables.
///
/// Every accessor throws a `ConfigurationError` naming the variable when its value is missing or malformed,
/// so a worker fails at start with one clear line instead of misbehaving later. Secret values never appear
/// in the error.
public struct Environment: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// A required non-empty string.
    public func string(_ name: String) throws -> String {
        guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            throw ConfigurationError(variable: name, problem: "is required but not set")
        }
        guard raw.utf8.count <= 4096 else {
            throw ConfigurationError(variable: name, problem: "is longer than 4096 bytes")
        }
        return raw
    }

    /// An optional string with a default.
    public func string(_ name: String, default fallback: String) throws -> String {
        values[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } ?? fallback
    }

    /// An optional path that must name a readable file; nil when unset.
    public func readableFile(_ name: String) throws -> String? {
        guard let path = values[name]?.trimmingCharacters(in: .whitespaces), !path.isEmpty else { return nil }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ConfigurationError(
                variable: name,
                problem: "names \(Self.preview(path)), which is not a readable file"
            )
        }
        return path
    }

    /// An integer within `range`, or the default when unset.
    public func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return fallback }
        guard let value = Int(raw) else {
            throw ConfigurationError(variable: name, problem: "must be a whole number, got \(Self.preview(raw))")
        }
        guard range.contains(value) else {
            throw ConfigurationError(
                variable: name,
                problem: "must be between \(range.lowerBound) and \(range.upperBound), got \(value)"
            )
        }
        return value
    }

    /// A number of seconds (fractions allowed) within `range`, or the default when unset.
    public func seconds(_ name: String, default fallback: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return fallback }
        guard let value = Double(raw), value.isFinite else {
            throw ConfigurationError(variable: name, problem: "must be a number of seconds, got \(Self.preview(raw))")
        }
        guard range.contains(value) else {
            throw ConfigurationError(
                variable: name,
                problem: "must be between \(range.lowerBound) and \(range.upperBound) seconds, got \(value)"
            )
        }
        return value
    }

    /// `true`/`false` (also 1/0, yes/no), or the default when unset.
    public func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let raw = values[name]?.trimmingCharacters(in: .whitespaces).lowercased(), !raw.isEmpty else {
            return fallback
        }
        switch raw {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, problem: "must be true or false, got \(Self.preview(raw))")
        }
    }

    /// A URL whose scheme is one of `schemes`. The value is not echoed back: URLs often carry passwords.
    public func url(_ name: String, schemes: Set<String>) throws -> URL {
        let raw = try string(name)
        guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), schemes.contains(scheme),
            url.host != nil
        else {
            let allowed = schemes.sorted().joined(separator: ", ")
            throw ConfigurationError(variable: name, problem: "must be a URL with scheme \(allowed) and a host")
        }
        return url
    }

    /// A URL with a default.
    public func url(_ name: String, schemes: Set<String>, default fallback: String) throws -> URL {
        if values[name]?.isEmpty ?? true {
            return URL(string: fallback)!
        }
        return try url(name, schemes: schemes)
    }

    /// A secret key given as hex or base64 that decodes to exactly `byteCount` bytes.
    public func key(_ name: String, byteCount: Int) throws -> [UInt8] {
        let raw = try string(name)
        if let bytes = HexCoding.decode(raw), bytes.count == byteCount { return bytes }
        if let data = Data(base64Encoded: raw), data.count == byteCount { return [UInt8](data) }
        throw ConfigurationError(
            variable: name,
            problem: "must be \(byteCount) bytes written as \(byteCount * 2) hex digits or base64"
        )
    }

    /// A non-secret value cut short for error messages.
    private static func preview(_ raw: String) -> String {
        raw.count > 40 ? "\"\(raw.prefix(40))…\"" : "\"\(raw)\""
    }
}
