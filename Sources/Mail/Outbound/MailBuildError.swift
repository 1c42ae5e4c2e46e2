/// Why an outgoing email could not be rendered. Descriptions name the field, never its content.
public struct MailBuildError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field that failed validation, for example `to.address` or `extraHeaders[2]`.
    public let field: String
    /// What is wrong with it.
    public let problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String {
        "cannot build email: \(field) \(problem)"
    }
}
