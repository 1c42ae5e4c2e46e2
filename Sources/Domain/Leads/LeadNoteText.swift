import Foundation

/// The texts of the notes the state machine leaves in JobAdder. Recruiters read them in the contact's activity,
/// so they say what happened and what the assistant does next, in plain words.
struct LeadNoteText {
    /// Received bodies longer than this are cut in notes; the full message stays in Handover.
    static let bodyLimit = 10_000

    let assistantName: String
    let rules: EngagementRules

    func emailSent(step: Int, stepCount: Int, email: EmailSummary) -> String {
        let position = stepCount > 0 ? "step \(step + 1) of \(stepCount)" : "step \(step + 1)"
        return "Email sent by \(assistantName) (7Targets, \(position))\n"
            + "Subject: \(email.subject)\n\n\(Self.clipped(email.body))"
    }

    func emailReceived(kind: ReplyKind, email: EmailSummary) -> String {
        "Email received from the contact by \(assistantName) (7Targets): \(Self.replyCause(kind)).\n"
            + "Subject: \(email.subject)\n\n\(Self.clipped(email.body))"
    }

    func autoReply(pausedUntil: Date?, email: EmailSummary) -> String {
        let plan: String =
            if let pausedUntil {
                "\(assistantName) pauses the email sequence until \(format(pausedUntil)) and then resumes."
            } else {
                "\(assistantName) is not emailing this contact any more, so nothing changes."
            }
        return "Automatic reply received (for example out of office); it is not counted as a reply. \(plan)\n"
            + "Subject: \(email.subject)\n\n\(Self.clipped(email.body))"
    }

    func stateChange(from: LeadState, to: LeadState, cause: String) -> String {
        "7Targets lead state changed from \(from.rawValue) to \(to.rawValue): \(cause). \(consequence(of: to))"
    }

    /// What the recruiter should expect after the lead entered `state`.
    private func consequence(of state: LeadState) -> String {
        switch state {
        case .new:
            "\(assistantName) will start emailing when it can take the lead."
        case .cold:
            "\(assistantName) has started the email sequence."
        case .engaged:
            "\(assistantName) continues the email sequence."
        case .warm:
            "The contact is showing interest, so it is handed back to you as active; "
                + "\(assistantName) keeps emailing until the contact replies or the schedule ends."
        case .hot:
            "\(assistantName) has stopped emailing this contact. Please follow up with them."
        case .responded:
            "\(assistantName) has stopped emailing this contact. Please read the reply and follow up."
        case .unSubscribed:
            "\(assistantName) has stopped emailing this contact and will never email it again."
        case .deActivated:
            "\(assistantName) has stopped emailing this contact."
        case .processed:
            "\(assistantName) has stopped emailing this contact. Assign it again to start a new sequence."
        }
    }

    /// How a reply of `kind` reads in notes and records.
    static func replyCause(_ kind: ReplyKind) -> String {
        switch kind {
        case .interested(.meeting): "the contact replied and agreed to meet"
        case .interested(.call): "the contact replied and asked for a call"
        case .interested(.moreInformation): "the contact replied and asked for more information"
        case .unsubscribeRequest: "the contact asked not to be emailed again"
        case .other: "the contact replied"
        }
    }

    /// `date` as `2026-03-12 09:00 UTC` in the rules' note time zone.
    func format(_ date: Date) -> String {
        let local = ZonedClock(timeZone: rules.noteTimeZone).local(date)
        return "\(local.date) \(local.time) \(rules.noteTimeZone.identifier)"
    }

    private static func clipped(_ body: String) -> String {
        guard body.count > bodyLimit else { return body }
        return String(body.prefix(bodyLimit)) + "\n[message shortened; the full text is kept in 7Targets]"
    }
}
