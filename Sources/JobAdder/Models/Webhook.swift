import Foundation

/// A webhook subscription (`WebhookRepresentation`).
public struct Webhook: Decodable, Sendable, Equatable {
    public var webhookId: String
    public var name: String?
    /// `Enabled`, `Disabled`, `Suspended` or `Failed`.
    public var status: String?
    public var url: String?
    public var events: [String]
    public var createdAt: Date?
    public var updatedAt: Date?
    public var suspendedAt: Date?
    public var failedAt: Date?

    enum CodingKeys: String, CodingKey {
        case webhookId, name, status, url, events, createdAt, updatedAt, suspendedAt, failedAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        webhookId = try container.decode(FlexibleString.self, forKey: .webhookId).value
        name = try container.decodeIfPresent(String.self, forKey: .name)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        events = try container.decodeIfPresent([String].self, forKey: .events) ?? []
        createdAt = JobAdderDate.decode(container, .createdAt)
        updatedAt = JobAdderDate.decode(container, .updatedAt)
        suspendedAt = JobAdderDate.decode(container, .suspendedAt)
        failedAt = JobAdderDate.decode(container, .failedAt)
    }

    /// True when JobAdder stopped delivering (`Suspended` or `Failed`) and the webhook needs re-enabling.
    public var needsReenabling: Bool {
        status == "Suspended" || status == "Failed"
    }
}
