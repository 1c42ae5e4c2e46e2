/// The merge fields a context may use. Nurture fills them per lead; a template naming any other field is rejected
/// when the context is saved, so a typo never reaches a contact.
public enum MergeField {
    public static let contactFirstName = "contact.firstName"
    public static let contactLastName = "contact.lastName"
    public static let contactFullName = "contact.fullName"
    public static let contactEmail = "contact.email"
    public static let contactCompany = "contact.company"
    public static let contactPosition = "contact.position"
    public static let assistantName = "assistant.name"
    public static let assistantFirstName = "assistant.firstName"
    public static let assistantEmail = "assistant.email"
    public static let orgName = "org.name"
    public static let unsubscribeURL = "unsubscribeURL"
    public static let signature = "signature"

    /// Every field a context may name.
    public static let known: Set<String> = [
        contactFirstName, contactLastName, contactFullName, contactEmail, contactCompany, contactPosition,
        assistantName, assistantFirstName, assistantEmail, orgName, unsubscribeURL, signature,
    ]
}
