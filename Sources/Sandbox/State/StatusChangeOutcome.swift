/// Result of asking an account to change one contact's status.
enum StatusChangeOutcome: Sendable {
    case changed(StatusChangeEvent)
    case unchanged
    case contactMissing
    case statusMissing
}
