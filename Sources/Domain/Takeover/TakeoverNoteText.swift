/// The notes a takeover leaves in JobAdder. A recruiter reads them in the contact's activity: each says what
/// 7Targets did, why, and what to do if that is not what they wanted.
struct TakeoverNoteText {
    let assignment: AssignmentFacts
    let handBackNames: HandBackStatusNames

    func unknownHandle() -> String {
        "7Targets did not take this contact: no assistant has the handle \"\(assignment.handle)\" "
            + "(from the status \"\(assignment.statusName)\"). Check that the status name matches the assistant's "
            + "email address without the mailbox domain, for example \"Assign to ashley@tesla in 7Targets\". "
            + "The contact status was set back to \(quoted(handBackNames.active))."
    }

    func noEmail(assistant: AssistantFacts) -> String {
        "\(assistant.name) (7Targets) did not take this contact: it has no email address in JobAdder. "
            + "Add an email address and assign the contact again. "
            + "The contact status was set to \(quoted(handBackNames.inactive))."
    }

    func invalidEmail(_ email: String, assistant: AssistantFacts) -> String {
        "\(assistant.name) (7Targets) did not take this contact: its email address \"\(email)\" is not a valid "
            + "address. Correct it and assign the contact again. "
            + "The contact status was set to \(quoted(handBackNames.inactive))."
    }

    func unsubscribedInJobAdder(assistant: AssistantFacts) -> String {
        "\(assistant.name) (7Targets) did not take this contact: it is marked as unsubscribed from email in "
            + "JobAdder, so it will not be emailed. "
            + "The contact status was set to \(quoted(handBackNames.inactive))."
    }

    func alreadyBeingWorked(_ lead: ExistingLeadFacts) -> String {
        let status =
            lead.state.handBack == .assignTo
            ? quoted(AssignmentStatusName.canonicalName(for: lead.assistantHandle))
            : quoted(handBackNames.name(for: lead.state.handBack) ?? handBackNames.active)
        return "7Targets did not take this contact again: \(lead.assistantName) (\(lead.assistantHandle)) is "
            + "already working on it (lead state \(lead.state.rawValue)), so this assignment was ignored to guard "
            + "against accidental re-assignment. The contact status was set back to \(status)."
    }

    func leadUnsubscribed(assistant: AssistantFacts) -> String {
        "\(assistant.name) (7Targets) did not take this contact: it unsubscribed from 7Targets emails earlier "
            + "and will never be emailed again. "
            + "The contact status was set to \(quoted(handBackNames.inactive))."
    }

    func bouncedSameAddress(_ email: String, assistant: AssistantFacts) -> String {
        "\(assistant.name) (7Targets) did not take this contact: emails to \(email) bounced earlier. Update the "
            + "contact's email address in JobAdder and assign it again. "
            + "The contact status was set to \(quoted(handBackNames.inactive))."
    }

    func restart(previous: ExistingLeadFacts, start: LeadStart, assistant: AssistantFacts) -> String {
        "\(assistant.name) (7Targets) has taken this contact over again and starts a new email sequence; "
            + "the previous one had ended as \(previous.state.rawValue). " + plan(start: start, assistant: assistant)
    }

    func created(start: LeadStart, assistant: AssistantFacts) -> String {
        "\(assistant.name) (7Targets) has taken this contact over. " + plan(start: start, assistant: assistant)
    }

    private func plan(start: LeadStart, assistant: AssistantFacts) -> String {
        let context = assistant.defaultContextName.map(quoted) ?? "none set"
        let schedule = assistant.defaultScheduleName.map(quoted) ?? "none set"
        let materials = "Context: \(context). Schedule: \(schedule)."
        switch start {
        case .cold:
            return "\(materials) Every email \(assistant.name) sends or receives will be logged here, and the "
                + "contact status will change when \(assistant.name) is done."
        case .new(let reason):
            return "\(materials) \(assistant.name) cannot start emailing yet: \(explain(reason, assistant)). "
                + "The lead waits as New and the contact status was set to \(quoted(handBackNames.active)) "
                + "until then."
        }
    }

    private func explain(_ reason: LeadStart.WaitReason, _ assistant: AssistantFacts) -> String {
        switch reason {
        case .noDefaultContext:
            "it has no default context; an org admin must set one on the assistant in 7Targets"
        case .noDefaultSchedule:
            "it has no default schedule; an org admin must set one on the assistant in 7Targets"
        case .atCapacity:
            "it is already working on \(assistant.activeLeadCount) leads, its limit is \(assistant.leadCapacity); "
                + "it starts when a lead finishes"
        }
    }

    private func quoted(_ text: String) -> String { "\"\(text)\"" }
}
