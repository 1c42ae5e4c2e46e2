/// What a status write did: JobAdder answers 200 when it changed the status and 202 when the contact already
/// had it. Both are success.
public enum StatusChangeOutcome: String, Sendable, Equatable {
    case changed
    case alreadySet
}
