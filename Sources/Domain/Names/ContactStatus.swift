/// One JobAdder contact status as read from `GET /contacts/lists/status`.
public struct ContactStatus: Sendable, Equatable, Hashable, Codable {
    public var statusID: Int
    public var name: String

    public init(statusID: Int, name: String) {
        self.statusID = statusID
        self.name = name
    }
}
