import Foundation

/// The parts of a JobAdder webhook delivery Handover uses.
///
/// JobAdder's envelope is `{apiVersion, event, eventId, eventDate, eventData, ...}`. Where the contact id
/// sits in `contact_status_changed` is not documented, so it is looked for at the top level, in
/// `eventData` and in `eventData.contact`.
struct WebhookEvent: Equatable {
    var event: String
    var eventID: String
    var eventDate: Date?
    var contactID: Int

    struct Invalid: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    static func parse(_ body: [UInt8]) throws -> WebhookEvent {
        guard !body.isEmpty else { throw Invalid(reason: "empty body") }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(body))
        } catch {
            throw Invalid(reason: "body is not JSON")
        }
        guard let object = json as? [String: Any] else { throw Invalid(reason: "body is not a JSON object") }
        guard let event = object["event"] as? String, !event.isEmpty else { throw Invalid(reason: "missing event") }
        guard let eventID = object["eventId"] as? String, !eventID.isEmpty, eventID.count <= 100 else {
            throw Invalid(reason: "missing or oversized eventId")
        }
        let eventData = object["eventData"] as? [String: Any]
        let candidates: [Any?] = [
            object["contactId"], eventData?["contactId"], (eventData?["contact"] as? [String: Any])?["contactId"],
        ]
        let contactID = candidates.lazy.compactMap { value -> Int? in
            if let number = value as? NSNumber { return number.intValue }
            if let text = value as? String { return Int(text) }
            return nil
        }.first
        guard event != "contact_status_changed" || contactID != nil else {
            throw Invalid(reason: "contact_status_changed without a contactId")
        }
        guard let contactID = contactID ?? 0 as Int?, contactID >= 0, contactID <= Int(Int32.max) else {
            throw Invalid(reason: "contactId out of range")
        }
        let date = (object["eventDate"] as? String).flatMap(Self.parseDate)
        return WebhookEvent(event: event, eventID: eventID, eventDate: date, contactID: contactID)
    }

    private static func parseDate(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return withFraction.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
