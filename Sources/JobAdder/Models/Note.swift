import Foundation

/// A full note (`NoteModel`), as returned when a note is added.
public struct Note: Decodable, Sendable, Equatable {
    public var noteId: String
    public var type: String?
    public var source: String?
    public var text: String?
    public var subject: String?
    public var reference: String?
    public var readonly: Bool?
    public var createdAt: Date?
    public var updatedAt: Date?

    enum CodingKeys: String, CodingKey {
        case noteId, type, source, text, subject, reference, readonly, createdAt, updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        noteId = try container.decode(FlexibleString.self, forKey: .noteId).value
        type = try container.decodeIfPresent(String.self, forKey: .type)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        reference = try container.decodeIfPresent(String.self, forKey: .reference)
        readonly = try container.decodeIfPresent(Bool.self, forKey: .readonly)
        createdAt = JobAdderDate.decode(container, .createdAt)
        updatedAt = JobAdderDate.decode(container, .updatedAt)
    }
}
