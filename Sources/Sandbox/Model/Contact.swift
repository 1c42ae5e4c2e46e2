/// A contact record; timestamps are milliseconds since the epoch.
struct Contact: Sendable {
    let contactId: Int
    var firstName: String
    var lastName: String
    var email: String?
    var phone: String?
    var position: String?
    var unsubscribed: Bool
    var inactive: Bool
    var statusId: Int
    var ownerUserId: Int
    let createdAt: Int64
    var updatedAt: Int64
}
