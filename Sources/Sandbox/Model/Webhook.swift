/// A webhook subscription with JobAdder's status fields and the recent failure times that drive
/// suspension (10 failures within an hour).
struct Webhook: Sendable {
    let webhookId: String
    var name: String
    var url: String
    var authorization: String?
    var events: [String]
    var eventFilters: JSONValue?
    var status: String
    let createdAt: Int64
    var updatedAt: Int64
    var enabledAt: Int64?
    var disabledAt: Int64?
    var suspendedAt: Int64?
    var failedAt: Int64?
    var recentFailures: [Int64] = []

    /// `WebhookRepresentation`; the authorization value is a secret and never echoed.
    func json(apiBase: String) -> JSONValue {
        [
            "webhookId": .string(webhookId), "name": .string(name), "status": .string(status), "url": .string(url),
            "events": .array(events.map(JSONValue.string)), "eventFilters": eventFilters ?? .null,
            "createdAt": .string(Timestamp.iso(createdAt)), "updatedAt": .string(Timestamp.iso(updatedAt)),
            "enabledAt": .optional(enabledAt.map(Timestamp.iso)),
            "disabledAt": .optional(disabledAt.map(Timestamp.iso)),
            "suspendedAt": .optional(suspendedAt.map(Timestamp.iso)),
            "failedAt": .optional(failedAt.map(Timestamp.iso)),
            "links": ["self": .string(apiBase + "/webhooks/" + webhookId)],
        ]
    }
}
