/// A malformed template: what is wrong and at which character (0-based) of the template text.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public let offset: Int
    public let problem: String

    public init(offset: Int, problem: String) {
        self.offset = offset
        self.problem = problem
    }

    public var description: String { "\(problem) (at character \(offset + 1))" }
}
