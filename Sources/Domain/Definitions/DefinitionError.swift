/// A context or schedule definition that cannot be used, pointing at the field to fix.
///
/// `path` uses dots and indexes from the document root (`steps[2].subject`, `sendWindow.end`); it is empty for a
/// problem with the whole document. The problem is written for the admin who edits the definition.
public struct DefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String {
        path.isEmpty ? "definition: \(problem)" : "\(path): \(problem)"
    }
}
