/// A JobAdder user of an account; the first admin is the one who approves OAuth requests.
struct SandboxUser: Sendable {
    let userId: Int
    var firstName: String
    var lastName: String
    var email: String
    var position: String
    var admin: Bool

    /// `UserNameModel`.
    var nameJSON: JSONValue {
        [
            "userId": .int(userId), "firstName": .string(firstName), "lastName": .string(lastName),
            "position": .string(position), "email": .string(email), "inactive": false, "deleted": false,
        ]
    }
}
