/// One event on its way to one webhook; `attempt` counts from 1.
struct WebhookDelivery: Sendable {
    let eventId: String
    let webhookId: String
    let contactId: Int
    let url: String
    let authorization: String?
    let body: [UInt8]
    var attempt: Int = 1
}
