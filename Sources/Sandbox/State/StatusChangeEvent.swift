/// A status change that happened, with what a `contact_status_changed` webhook needs to describe it.
struct StatusChangeEvent: Sendable {
    let contactId: Int
    let status: ContactStatus
    let previousStatus: ContactStatus
    let user: SandboxUser
    let at: Int64
}
