/// The JobAdder contact status a lead state maps to (SPEC §4). `.assignTo` means the assistant's own
/// `Assign to <handle> in 7Targets` status: the contact stays with the assistant.
public enum HandBackStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case assignTo
    case active
    case inactive
}
