/// The user whose token is in use (`GET /users/current`, `UserRepresentation`).
public struct CurrentUser: Decodable, Sendable, Equatable {
    public var userId: Int
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var position: String?
    public var admin: Bool?
    public var accountName: String?
    public var timeZone: String?
    public var culture: String?
}
