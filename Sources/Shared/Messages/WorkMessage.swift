import Foundation

/// The one message shape that travels between Handover's stages over RabbitMQ.
///
/// Every message has a unique `id` (used by consumers' inbox to make redelivery harmless), the org it
/// belongs to, and a kind-specific payload. `contactID` is the ordering key for writes to JobAdder.
public struct WorkMessage: Codable, Sendable, Equatable {
    public var id: String
    public var kind: WorkKind
    public var orgID: UUID
    public var contactID: Int?
    public var leadID: UUID?
    /// When the event that caused this message happened (for latency metrics and ordering).
    public var occurredAt: Date
    public var payload: [String: String]

    public init(
        id: String,
        kind: WorkKind,
        orgID: UUID,
        contactID: Int? = nil,
        leadID: UUID? = nil,
        occurredAt: Date,
        payload: [String: String] = [:]
    ) {
        self.id = id
        self.kind = kind
        self.orgID = orgID
        self.contactID = contactID
        self.leadID = leadID
        self.occurredAt = occurredAt
        self.payload = payload
    }

    /// The stage whose queue this kind of message goes to.
    public var stage: Stage { kind.stage }

    public func encoded() throws -> [UInt8] {
        [UInt8](try WorkMessage.encoder.encode(self))
    }

    public static func decode(_ bytes: [UInt8]) throws -> WorkMessage {
        try decoder.decode(WorkMessage.self, from: Data(bytes))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.timeIntervalSince1970)
        }
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            Date(timeIntervalSince1970: try decoder.singleValueContainer().decode(Double.self))
        }
        return decoder
    }()
}

/// Handover's three worker stages; each has its own work queue.
public enum Stage: String, Codable, Sendable, CaseIterable {
    case ingest, nurture, writeback
}

/// What a `WorkMessage` asks its stage to do.
public enum WorkKind: String, Codable, Sendable, CaseIterable {
    /// JobAdder reported (webhook) or polling found that a contact's status changed. Payload: `eventID`.
    case contactStatusChanged
    /// Ingest created or restarted a lead; nurture plans its first step.
    case leadAssigned
    /// A raw inbound email accepted by nurture's endpoint. Payload: `raw` (base64).
    case inboundEmail
    /// Write a note on a JobAdder contact. Payload: `text`, `type`, `reference`, `sequence`.
    case writeNote
    /// Set a JobAdder contact's status. Payload: `handBack`, `leadVersion`, `sequence`, optional `noteText`.
    case writeStatus

    public var stage: Stage {
        switch self {
        case .contactStatusChanged: .ingest
        case .leadAssigned, .inboundEmail: .nurture
        case .writeNote, .writeStatus: .writeback
        }
    }
}
