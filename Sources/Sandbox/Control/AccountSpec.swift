/// The body of `POST /_sandbox/accounts`, with demo-like defaults for everything left out.
struct AccountSpec {
    var accountId: Int?
    var name = "Sandbox Recruitment"
    var clientId: String
    var clientSecret: String
    var redirectPrefixes = ["http://127.0.0.1", "http://localhost"]
    var user = (firstName: "Ada", lastName: "Admin", email: "admin@demo.example", position: "Director")
    var statuses: [(name: String, active: Bool, isDefault: Bool)] = AccountSpec.defaultStatuses
    var noteTypes: [NoteType] = AccountSpec.defaultNoteTypes
    var rateLimit: Double?
    var accessTokenTTL: Int?

    static let defaultStatuses: [(name: String, active: Bool, isDefault: Bool)] = [
        ("Prospect", true, true), ("Active Contact", true, false), ("Inactive Contact", false, false),
        ("Assign to ashley@demo in 7Targets", true, false), ("Assign to ben@demo in 7Targets", true, false),
    ]

    static let defaultNoteTypes: [NoteType] = [
        NoteType(name: "General", isNoteDefault: true, isEmailDefault: false, isSMSDefault: false),
        NoteType(name: "Email Sent", isNoteDefault: false, isEmailDefault: true, isSMSDefault: false),
        NoteType(name: "Email Received", isNoteDefault: false, isEmailDefault: false, isSMSDefault: false),
        NoteType(name: "Status Change", isNoteDefault: false, isEmailDefault: false, isSMSDefault: false),
    ]

    init(clientId: String, clientSecret: String) {
        self.clientId = clientId
        self.clientSecret = clientSecret
    }

    /// Reads a control-API body; a message naming the bad field when it is not usable.
    static func parse(_ body: JSONValue) -> Result<AccountSpec, SpecError> {
        guard case .object = body else { return .failure(SpecError("body must be a JSON object")) }
        guard let clientId = body["clientId"]?.stringValue, !clientId.isEmpty else {
            return .failure(SpecError("clientId is required"))
        }
        guard let secret = body["clientSecret"]?.stringValue, !secret.isEmpty else {
            return .failure(SpecError("clientSecret is required"))
        }
        var spec = AccountSpec(clientId: clientId, clientSecret: secret)
        spec.accountId = body["accountId"]?.intValue
        spec.name = body["name"]?.stringValue ?? spec.name
        if let prefixes = body["redirectPrefixes"]?.arrayValue {
            spec.redirectPrefixes = prefixes.compactMap(\.stringValue)
        } else if let prefix = body["redirectPrefix"]?.stringValue {
            spec.redirectPrefixes = [prefix]
        }
        if let user = body["user"] {
            spec.user = (
                user["firstName"]?.stringValue ?? spec.user.firstName,
                user["lastName"]?.stringValue ?? spec.user.lastName,
                user["email"]?.stringValue ?? spec.user.email, user["position"]?.stringValue ?? spec.user.position
            )
        }
        if let statuses = body["statuses"]?.arrayValue {
            spec.statuses = statuses.compactMap { item in
                if let name = item.stringValue { return (name, true, false) }
                guard let name = item["name"]?.stringValue else { return nil }
                return (name, item["active"]?.boolValue ?? true, item["default"]?.boolValue ?? false)
            }
            guard !spec.statuses.isEmpty else { return .failure(SpecError("statuses must not be empty")) }
            if !spec.statuses.contains(where: \.isDefault) {
                spec.statuses[0].isDefault = true
            }
        }
        if let types = body["noteTypes"]?.arrayValue {
            spec.noteTypes = types.compactMap { item in
                if let name = item.stringValue {
                    return NoteType(name: name, isNoteDefault: false, isEmailDefault: false, isSMSDefault: false)
                }
                guard let name = item["name"]?.stringValue else { return nil }
                let flags = item["default"]
                return NoteType(
                    name: name,
                    isNoteDefault: flags?["note"]?.boolValue ?? false,
                    isEmailDefault: flags?["email"]?.boolValue ?? false,
                    isSMSDefault: flags?["sms"]?.boolValue ?? false
                )
            }
        }
        spec.rateLimit = body["rateLimit"]?.doubleValue
        spec.accessTokenTTL = body["accessTokenTTL"]?.intValue.map { min(max($0, 1), 315_360_000) }
        return .success(spec)
    }
}

/// A control-API body that cannot be used; the message names the field.
struct SpecError: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
