/// The stored name of a `LeadEvent`.
public enum LeadEventKind: String, Sendable, Codable, CaseIterable, Hashable {
    case activated = "activated"
    case emailSent = "email_sent"
    case scheduleFinished = "schedule_finished"
    case opened = "opened"
    case clicked = "clicked"
    case replied = "replied"
    case autoReply = "auto_reply"
    case pauseEnded = "pause_ended"
    case hardBounce = "hard_bounce"
    case softBounce = "soft_bounce"
    case unsubscribeClicked = "unsubscribe_clicked"
    case contactDeleted = "contact_deleted"
    case deactivatedByAdmin = "deactivated_by_admin"
}
