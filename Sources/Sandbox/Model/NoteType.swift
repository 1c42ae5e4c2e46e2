/// A note type configured on an account, with the flags for which kind of note it is the default for.
struct NoteType: Sendable {
    var name: String
    var isNoteDefault: Bool
    var isEmailDefault: Bool
    var isSMSDefault: Bool

    var json: JSONValue {
        [
            "name": .string(name),
            "default": ["note": .bool(isNoteDefault), "email": .bool(isEmailDefault), "sms": .bool(isSMSDefault)],
        ]
    }
}
