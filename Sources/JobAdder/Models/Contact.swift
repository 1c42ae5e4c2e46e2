import Foundation

/// A JobAdder contact: the summary fields of `GET /contacts` and the parts of `GET /contacts/{id}` Handover
/// uses. Unknown fields are ignored.
public struct Contact: Decodable, Sendable, Equatable {
    public var contactId: Int
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    /// The contact asked not to be emailed.
    public var unsubscribed: Bool
    /// The contact left their company; this is not the status.
    public var inactive: Bool
    public var status: ContactStatus?
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(
        contactId: Int,
        firstName: String? = nil,
        lastName: String? = nil,
        email: String? = nil,
        unsubscribed: Bool = false,
        inactive: Bool = false,
        status: ContactStatus? = nil,
        createdAt: Date? = nil,
        updatedAt: Date? = nil
    ) {
        self.contactId = contactId
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.unsubscribed = unsubscribed
        self.inactive = inactive
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case contactId, firstName, lastName, email, unsubscribed, inactive, status, createdAt, updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        contactId = try container.decode(Int.self, forKey: .contactId)
        firstName = try container.decodeIfPresent(String.self, forKey: .firstName)
        lastName = try container.decodeIfPresent(String.self, forKey: .lastName)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        unsubscribed = try container.decodeIfPresent(Bool.self, forKey: .unsubscribed) ?? false
        inactive = try container.decodeIfPresent(Bool.self, forKey: .inactive) ?? false
        status = try container.decodeIfPresent(ContactStatus.self, forKey: .status)
        createdAt = JobAdderDate.decode(container, .createdAt)
        updatedAt = JobAdderDate.decode(container, .updatedAt)
    }

    /// True when the contact has a non-empty email address and is not unsubscribed.
    public var isEmailable: Bool {
        guard let email else { return false }
        return !unsubscribed && !email.trimmingCharacters(in: .whitespaces).isEmpty
    }
}
