/// The optional note attached to `PUT /contacts/{id}/status`.
public struct StatusChangeNote: Encodable, Sendable, Equatable {
    public var text: String
    public var type: String?

    public init(text: String, type: String? = nil) {
        self.text = text
        self.type = type
    }
}
