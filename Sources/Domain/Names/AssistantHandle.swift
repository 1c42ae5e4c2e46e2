/// An assistant's handle: its mailbox address without the deployment's mailbox domain.
///
/// `ashley@tesla.7ts-e.com` in mailbox domain `7ts-e.com` has the handle `ashley@tesla`. JobAdder admins put the
/// handle into the `Assign to <handle> in 7Targets` status name. Handles are lowercase, because email addresses
/// and status names are compared without case.
public enum AssistantHandle {
    /// The handle of `mailbox` in `mailboxDomain`.
    ///
    /// - Throws: `AssistantHandleError` when the address is empty, has whitespace, has no or several `@`,
    ///   has an empty local part, is not under `mailboxDomain`, or has no org label (`ashley@7ts-e.com`).
    public static func derive(mailbox: String, mailboxDomain: String) throws(AssistantHandleError) -> String {
        func failure(_ problem: AssistantHandleError.Problem) -> AssistantHandleError {
            AssistantHandleError(mailbox: mailbox, mailboxDomain: mailboxDomain, problem: problem)
        }

        let domain = normalizedDomain(mailboxDomain)
        guard !domain.isEmpty, !domain.contains("@"), !domain.contains(where: { $0.isWhitespace }) else {
            throw failure(.invalidMailboxDomain)
        }

        let address = mailbox.trimmingWhitespace().lowercased()
        guard !address.isEmpty else { throw failure(.empty) }
        guard !address.contains(where: { $0.isWhitespace }) else { throw failure(.containsWhitespace) }

        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count > 1 else { throw failure(.missingAtSign) }
        guard parts.count == 2 else { throw failure(.multipleAtSigns) }
        let local = parts[0]
        let host = parts[1]
        guard !local.isEmpty else { throw failure(.emptyLocalPart) }

        if host == domain { throw failure(.missingOrgLabel) }
        guard host.hasSuffix("." + domain) else { throw failure(.notInMailboxDomain) }
        let orgLabel = host.dropLast(domain.count + 1)
        guard !orgLabel.isEmpty, !orgLabel.hasSuffix("."), !orgLabel.hasPrefix(".") else {
            throw failure(.missingOrgLabel)
        }
        return "\(local)@\(orgLabel)"
    }

    /// The mailbox address for `handle` in `mailboxDomain`: the inverse of `derive`.
    public static func mailbox(for handle: String, mailboxDomain: String) -> String {
        "\(handle.trimmingWhitespace().lowercased()).\(normalizedDomain(mailboxDomain))"
    }

    /// The configured domain without surrounding whitespace, a leading dot or case.
    private static func normalizedDomain(_ domain: String) -> String {
        var text = domain.trimmingWhitespace().lowercased()
        while text.hasPrefix(".") { text.removeFirst() }
        return text
    }
}
