/// A note attached to one contact. `sequence` orders notes written in the same millisecond.
struct Note: Sendable {
    let noteId: String
    let sequence: Int
    let contactId: Int
    var type: String
    var source: String
    var text: String
    var reference: String?
    var createdByIntegration: Bool
    var readonly: Bool
    var createdByUserId: Int
    let createdAt: Int64
    var updatedAt: Int64
}
