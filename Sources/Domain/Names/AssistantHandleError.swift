/// Why a mailbox address cannot give an assistant handle. The description names the problem, never the
/// deployment's secrets; the address itself is configuration an admin typed and is safe to echo.
public struct AssistantHandleError: Error, Equatable, CustomStringConvertible {
    /// What is wrong with the address.
    public enum Problem: String, Sendable, Equatable {
        case empty = "the mailbox address is empty"
        case containsWhitespace = "the mailbox address contains whitespace"
        case missingAtSign = "the mailbox address has no @"
        case multipleAtSigns = "the mailbox address has more than one @"
        case emptyLocalPart = "the mailbox address has nothing before the @"
        case notInMailboxDomain = "the mailbox address is not in the mailbox domain"
        case missingOrgLabel = "the mailbox address has no org label before the mailbox domain"
        case invalidMailboxDomain = "the mailbox domain is empty or malformed"
    }

    public let mailbox: String
    public let mailboxDomain: String
    public let problem: Problem

    public init(mailbox: String, mailboxDomain: String, problem: Problem) {
        self.mailbox = mailbox
        self.mailboxDomain = mailboxDomain
        self.problem = problem
    }

    public var description: String {
        "cannot derive an assistant handle from \"\(mailbox)\" (mailbox domain \"\(mailboxDomain)\"): "
            + problem.rawValue
    }
}
