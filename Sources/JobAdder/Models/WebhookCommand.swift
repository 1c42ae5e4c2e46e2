/// The body of `POST /webhooks` and `PUT /webhooks/{id}` (`AddWebhookCommand`).
///
/// `authorization` is the header value JobAdder sends with every delivery (for example `Bearer <secret>`);
/// it is a secret, so this type's description hides it.
public struct WebhookCommand: Encodable, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var events: [String]
    public var url: String
    public var authorization: String?
    /// `Enabled`, `Disabled` or `Suspended`; nil leaves JobAdder's default.
    public var status: String?

    public init(name: String, events: [String], url: String, authorization: String? = nil, status: String? = nil) {
        self.name = name
        self.events = events
        self.url = url
        self.authorization = authorization
        self.status = status
    }

    public var description: String {
        "WebhookCommand(name: \(name), events: \(events), status: \(status ?? "-"))"
    }
}
