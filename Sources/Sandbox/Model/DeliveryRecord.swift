/// One webhook delivery attempt, kept for `GET /_sandbox/accounts/{id}/deliveries`.
struct DeliveryRecord: Sendable {
    let eventId: String
    let webhookId: String
    let contactId: Int
    let attempt: Int
    /// `delivered`, `failed`, `dropped-suspended`, `dropped-disabled` or `dropped-deleted`.
    let outcome: String
    let httpStatus: Int?
    let at: Int64

    var json: JSONValue {
        [
            "eventId": .string(eventId), "webhookId": .string(webhookId), "contactId": .int(contactId),
            "attempt": .int(attempt), "outcome": .string(outcome), "httpStatus": .optional(httpStatus),
            "at": .string(Timestamp.iso(at)),
        ]
    }
}
