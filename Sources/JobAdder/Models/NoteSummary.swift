import Foundation

/// A note as listed by `GET /contacts/{id}/notes` (`NoteSummaryModel`); `text` is present only when the
/// full text was requested.
public struct NoteSummary: Decodable, Sendable, Equatable {
    public var noteId: String
    public var type: String?
    public var textPartial: String?
    public var text: String?
    public var reference: String?
    public var readonly: Bool?
    public var createdAt: Date?
    public var updatedAt: Date?

    enum CodingKeys: String, CodingKey {
        case noteId, type, textPartial, text, reference, readonly, createdAt, updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        noteId = try container.decode(FlexibleString.self, forKey: .noteId).value
        type = try container.decodeIfPresent(String.self, forKey: .type)
        textPartial = try container.decodeIfPresent(String.self, forKey: .textPartial)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        reference = try container.decodeIfPresent(String.self, forKey: .reference)
        readonly = try container.decodeIfPresent(Bool.self, forKey: .readonly)
        createdAt = JobAdderDate.decode(container, .createdAt)
        updatedAt = JobAdderDate.decode(container, .updatedAt)
    }
}
