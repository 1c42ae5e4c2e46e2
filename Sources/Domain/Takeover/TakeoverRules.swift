/// SPEC §5 as one pure decision: whether an assistant takes over an assigned contact.
///
/// Rules are applied in SPEC order; the first that matches decides:
/// 1. unknown handle → rejection note, Active;
/// 2. no email, an unusable email, or unsubscribed in JobAdder → rejection note with the reason, Inactive;
/// 3. a lead being worked (New, Cold, Engaged, Warm) → note naming its assistant, the status its state maps to;
/// 4. lead UnSubscribed → note, Inactive;
/// 5. lead finished (Processed, Responded, Hot, DeActivated not by a bounce) → new sequence; bounce-deactivated
///    → new sequence only when the address changed (compared trimmed, without case), else note and Inactive;
/// 6. otherwise a new lead, Cold, or New when the assistant lacks a default context or schedule or is at
///    capacity (New also writes Active, per the SPEC §4 table).
///
/// A Cold start writes no status: the contact already carries the assistant's `Assign to` status.
public enum TakeoverRules {
    public static func decide(
        assignment: AssignmentFacts,
        contact: ContactFacts,
        existingLead: ExistingLeadFacts?,
        assistant: AssistantFacts?,
        handBackNames: HandBackStatusNames = .standard
    ) -> TakeoverDecision {
        let text = TakeoverNoteText(assignment: assignment, handBackNames: handBackNames)

        guard let assistant else {
            return reject(
                .unknownHandle,
                text.unknownHandle(),
                .active,
                assignment: assignment,
                handle: assignment.handle
            )
        }
        let email = contact.email?.trimmingWhitespace() ?? ""
        guard !email.isEmpty else {
            return reject(
                .noEmail,
                text.noEmail(assistant: assistant),
                .inactive,
                assignment: assignment,
                handle: assistant.handle
            )
        }
        guard isPlausibleAddress(email) else {
            return reject(
                .invalidEmail,
                text.invalidEmail(email, assistant: assistant),
                .inactive,
                assignment: assignment,
                handle: assistant.handle
            )
        }
        guard !contact.isUnsubscribed else {
            return reject(
                .unsubscribedInJobAdder,
                text.unsubscribedInJobAdder(assistant: assistant),
                .inactive,
                assignment: assignment,
                handle: assistant.handle
            )
        }

        if let lead = existingLead {
            if lead.state.isBeingWorked {
                return reject(
                    .alreadyBeingWorked(assistantHandle: lead.assistantHandle, state: lead.state),
                    text.alreadyBeingWorked(lead),
                    lead.state.handBack,
                    assignment: assignment,
                    handle: lead.assistantHandle
                )
            }
            if lead.state == .unSubscribed {
                return reject(
                    .leadUnsubscribed,
                    text.leadUnsubscribed(assistant: assistant),
                    .inactive,
                    assignment: assignment,
                    handle: assistant.handle
                )
            }
            let bounced = lead.state == .deActivated && (lead.deactivationCause?.isBounce ?? false)
            if bounced && normalizedAddress(lead.email) == normalizedAddress(email) {
                return reject(
                    .bouncedSameAddress,
                    text.bouncedSameAddress(email, assistant: assistant),
                    .inactive,
                    assignment: assignment,
                    handle: assistant.handle
                )
            }
            let start = start(for: assistant)
            return accept(
                .restartFinishedLead(previous: lead.state, start: start),
                text.restart(previous: lead, start: start, assistant: assistant),
                start: start,
                assignment: assignment,
                assistant: assistant
            )
        }

        let start = start(for: assistant)
        return accept(
            .createLead(start),
            text.created(start: start, assistant: assistant),
            start: start,
            assignment: assignment,
            assistant: assistant
        )
    }

    private static func start(for assistant: AssistantFacts) -> LeadStart {
        assistant.waitReason.map(LeadStart.new) ?? .cold
    }

    private static func reject(
        _ outcome: TakeoverOutcome,
        _ text: String,
        _ handBack: HandBackStatus,
        assignment: AssignmentFacts,
        handle: String
    ) -> TakeoverDecision {
        TakeoverDecision(
            outcome: outcome,
            note: NoteIntent(kind: .rejection, text: text, reference: "assign-\(assignment.eventReference)"),
            statusWrite: TakeoverStatusWrite(handBack: handBack, assistantHandle: handle)
        )
    }

    private static func accept(
        _ outcome: TakeoverOutcome,
        _ text: String,
        start: LeadStart,
        assignment: AssignmentFacts,
        assistant: AssistantFacts
    ) -> TakeoverDecision {
        let write: TakeoverStatusWrite? =
            switch start {
            case .cold: nil
            case .new: TakeoverStatusWrite(handBack: LeadState.new.handBack, assistantHandle: assistant.handle)
            }
        return TakeoverDecision(
            outcome: outcome,
            note: NoteIntent(kind: .confirmation, text: text, reference: "assign-\(assignment.eventReference)"),
            statusWrite: write
        )
    }

    /// One `@`, text on both sides, a dot in the domain, no whitespace: enough to refuse obvious junk; the mail
    /// relay is the final judge.
    static func isPlausibleAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !address.contains(where: { $0.isWhitespace }) else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
    }

    private static func normalizedAddress(_ address: String) -> String {
        address.trimmingWhitespace().lowercased()
    }
}
