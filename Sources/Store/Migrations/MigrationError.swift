/// Why the migrator refused to run.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { "migration refused: \(message)" }
}
