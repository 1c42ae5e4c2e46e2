/// A contact status configured on an account (`GET /contacts/lists/status`).
struct ContactStatus: Sendable {
    let statusId: Int
    var name: String
    var active: Bool
    var isDefault: Bool

    var json: JSONValue {
        ["statusId": .int(statusId), "name": .string(name), "active": .bool(active), "default": .bool(isDefault)]
    }
}
