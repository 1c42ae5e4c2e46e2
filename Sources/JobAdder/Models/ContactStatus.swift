/// A contact status as JobAdder lists it (`GET /contacts/lists/status`) and embeds it in contacts.
public struct ContactStatus: Codable, Sendable, Equatable, Hashable {
    public var statusId: Int
    public var name: String
    /// Classifies the status as an open state in JobAdder; unrelated to a contact's `inactive` flag.
    public var active: Bool?
    /// True for the status new contacts get.
    public var isDefault: Bool?

    public init(statusId: Int, name: String, active: Bool? = nil, isDefault: Bool? = nil) {
        self.statusId = statusId
        self.name = name
        self.active = active
        self.isDefault = isDefault
    }

    enum CodingKeys: String, CodingKey {
        case statusId
        case name
        case active
        case isDefault = "default"
    }
}
