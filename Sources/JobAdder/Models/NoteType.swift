/// A note type configured in the account (`GET /contacts/lists/notetype`).
public struct NoteType: Decodable, Sendable, Equatable {
    /// Which kinds of record the account uses this type for by default.
    public struct Defaults: Decodable, Sendable, Equatable {
        public var note: Bool
        public var email: Bool
        public var sms: Bool

        public init(note: Bool = false, email: Bool = false, sms: Bool = false) {
            self.note = note
            self.email = email
            self.sms = sms
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            note = try container.decodeIfPresent(Bool.self, forKey: .note) ?? false
            email = try container.decodeIfPresent(Bool.self, forKey: .email) ?? false
            sms = try container.decodeIfPresent(Bool.self, forKey: .sms) ?? false
        }

        enum CodingKeys: String, CodingKey { case note, email, sms }
    }

    public var name: String
    public var defaults: Defaults

    public init(name: String, defaults: Defaults = Defaults()) {
        self.name = name
        self.defaults = defaults
    }

    enum CodingKeys: String, CodingKey {
        case name
        case defaults = "default"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        defaults = try container.decodeIfPresent(Defaults.self, forKey: .defaults) ?? Defaults()
    }
}
