/// One recorded contact status change. `origin` is `api` (PUT /contacts/{id}/status) or `recruiter`
/// (the control API acting as a person in the JobAdder UI).
struct StatusChange: Sendable {
    let sequence: Int
    let contactId: Int
    let previousStatusId: Int
    let statusId: Int
    let at: Int64
    let origin: String
    let userId: Int
}
