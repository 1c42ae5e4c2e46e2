/// What JobAdder says about the assigned contact.
public struct ContactFacts: Sendable, Hashable {
    /// The contact's email address, if it has one.
    public var email: String?
    /// JobAdder marks the contact as unsubscribed from email.
    public var isUnsubscribed: Bool

    public init(email: String?, isUnsubscribed: Bool) {
        self.email = email
        self.isUnsubscribed = isUnsubscribed
    }
}
