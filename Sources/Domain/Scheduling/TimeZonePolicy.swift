import Foundation

/// Whose time zone a schedule's send window is evaluated in.
public enum TimeZonePolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// The contact's zone when known, else the assistant's (SPEC §2).
    case contactThenAssistant
    /// Always the assistant's zone.
    case assistant

    /// The zone to plan in.
    public func timeZone(contact: TimeZone?, assistant: TimeZone) -> TimeZone {
        switch self {
        case .contactThenAssistant: contact ?? assistant
        case .assistant: assistant
        }
    }
}
