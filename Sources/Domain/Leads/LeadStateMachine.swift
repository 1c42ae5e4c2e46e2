import Foundation

/// The lead state machine of SPEC §4 as one pure function: no clock, no store, no I/O.
///
/// | from \ event | activated | emailSent | scheduleFinished | opened | clicked | replied | autoReply |
/// |---|---|---|---|---|---|---|---|
/// | New | Cold | New | New | New | New | by kind | New, paused |
/// | Cold | - | Cold | Processed | Engaged (Warm at threshold) | Warm | by kind | Cold, paused |
/// | Engaged | - | Engaged | Processed | Engaged (Warm at threshold) | Warm | by kind | Engaged, paused |
/// | Warm | - | Warm | Processed | Warm | Warm | by kind | Warm, paused |
/// | Hot | - | - | - | - | - | unsubscribe request only | logged |
/// | Responded | - | - | - | - | - | interest → Hot, unsubscribe request | logged |
/// | Processed | - | - | - | - | - | by kind | logged |
/// | DeActivated | - | - | - | - | - | unsubscribe request only | logged |
/// | UnSubscribed | - | - | - | - | - | - | logged |
///
/// | from \ event | pauseEnded | hard bounce | soft bounce | unsubscribeClicked | contactDeleted | admin |
/// |---|---|---|---|---|---|---|
/// | New/Cold/Engaged/Warm | unpaused | DeActivated | counted, DeActivated at limit | UnSubscribed | DeActivated | ↑ |
/// | Hot, Responded | - | - | - | UnSubscribed | DeActivated | DeActivated |
/// | Processed | - | DeActivated | - | UnSubscribed | DeActivated | DeActivated |
/// | DeActivated | - | - | - | UnSubscribed | - | - |
/// | UnSubscribed | - | - | - | - | - | - |
///
/// "by kind": interest → Hot, unsubscribe request → UnSubscribed, anything else → Responded.
/// "-": no state change. "↑": as the column to the left.
///
/// Choices where SPEC is silent:
/// - UnSubscribed absorbs every event: it is the one promise ("never email again") nothing may undo.
/// - Unsubscribing (link or request) wins from every other state, even DeActivated, so a later re-assignment
///   cannot restart the lead.
/// - A late reply to a Processed lead is still a reply (Hot, Responded or UnSubscribed); a Responded lead that later
///   shows interest becomes Hot. Hot never drops back to Responded.
/// - A hard bounce after the schedule finished (Processed) deactivates the lead so a re-assignment with the same
///   address is refused; Hot and Responded leads have proved the address works, so bounces are ignored there.
/// - Every email sent or received is logged as a note in any state (it really happened), except once the contact
///   was deleted in JobAdder: then no note and no status write is produced at all.
/// - Opens and clicks are always counted but only move Cold and Engaged leads. New stays New: its sequence has not
///   started, so the engagement belongs to an earlier one.
/// - `pauseEnded` clears the pause only when it has run out at `at`, so a stale timer never cancels a newer pause.
/// - `scheduleFinished` is a separate event, not implied by sending the last step: the last step's wait (for a
///   reply) must run out first.
public enum LeadStateMachine {
    /// Applies `event` to `lead` at instant `at`.
    ///
    /// The version increases by one exactly when the state changes. A status write is produced only on a state
    /// change whose mapped hand-back status differs from `lead.lastHandBackWritten`; the returned lead records
    /// that status as written, because writeback applies queued writes in order and exactly once.
    public static func apply(
        _ event: LeadEvent,
        to lead: LeadSnapshot,
        at: Date,
        rules: EngagementRules = .standard
    ) -> LeadTransition {
        var next = lead
        let step = decide(event, lead: &next, at: at, rules: rules)
        let from = lead.state
        let to = step.target
        let canWriteJobAdder = !lead.contactIsGone && event != .contactDeleted
        let text = LeadNoteText(assistantName: lead.assistantName, rules: rules)

        var notes: [NoteIntent] = []
        if canWriteJobAdder, let eventNote = step.eventNote {
            notes.append(eventNote)
        }

        var statusWrite: StatusWriteIntent?
        if from != to {
            next.state = to
            next.version = lead.version + 1
            if to == .deActivated {
                next.deactivationCause = step.deactivation
            }
            if to != .new && to.allowsSending == false {
                next.pausedUntil = nil
            }
            if canWriteJobAdder {
                notes.append(
                    NoteIntent(
                        kind: .stateChange,
                        text: text.stateChange(from: from, to: to, cause: step.cause),
                        reference: "state-v\(next.version)"
                    )
                )
                if to.handBack != lead.lastHandBackWritten {
                    statusWrite = StatusWriteIntent(handBack: to.handBack, leadVersion: next.version)
                    next.lastHandBackWritten = to.handBack
                }
            }
        }

        let record = LeadEventRecord(kind: event.kind, from: from, to: to, cause: step.cause, at: at)
        return LeadTransition(
            lead: next,
            record: record,
            stopsSending: to.isBeingWorked == false,
            pauseUntil: next.pausedUntil,
            notes: notes,
            statusWrite: statusWrite
        )
    }

    /// The outcome of one event before the shared bookkeeping.
    private struct Step {
        var target: LeadState
        var cause: String
        var deactivation: DeactivationCause?
        var eventNote: NoteIntent?
    }

    /// Decides the target state and cause, and updates counters, step and pause on `lead`.
    private static func decide(
        _ event: LeadEvent,
        lead: inout LeadSnapshot,
        at: Date,
        rules: EngagementRules
    ) -> Step {
        let state = lead.state
        let text = LeadNoteText(assistantName: lead.assistantName, rules: rules)
        let ignored = "ignored: lead is \(state.rawValue)"

        switch event {
        case .activated:
            guard state == .new else { return Step(target: state, cause: ignored) }
            return Step(target: .cold, cause: "the assistant can start the sequence")

        case .emailSent(let step, let email):
            lead.nextStep = max(lead.nextStep, step + 1)
            let note = NoteIntent(
                kind: .emailSent,
                text: text.emailSent(step: step, stepCount: lead.stepCount, email: email),
                reference: email.messageID
            )
            return Step(target: state, cause: "email step \(step + 1) sent", eventNote: note)

        case .scheduleFinished:
            guard state.allowsSending else { return Step(target: state, cause: ignored) }
            return Step(target: .processed, cause: "the schedule finished without a reply")

        case .opened:
            lead.opens += 1
            lead.softBounces = 0
            return engagement(lead: lead, rules: rules, clicked: false)

        case .clicked:
            lead.clicks += 1
            lead.softBounces = 0
            return engagement(lead: lead, rules: rules, clicked: true)

        case .replied(let kind, let email):
            lead.softBounces = 0
            let note = NoteIntent(
                kind: .emailReceived,
                text: text.emailReceived(kind: kind, email: email),
                reference: email.messageID
            )
            let reason = LeadNoteText.replyCause(kind)
            return Step(target: replyTarget(from: state, kind: kind), cause: reason, eventNote: note)

        case .autoReply(let returnDate, let email):
            lead.softBounces = 0
            var pause: Date?
            if state.isBeingWorked {
                pause = pauseEnd(returnDate: returnDate, at: at, rules: rules)
                lead.pausedUntil = pause
            }
            let note = NoteIntent(
                kind: .autoReplySeen,
                text: text.autoReply(pausedUntil: pause, email: email),
                reference: email.messageID
            )
            let cause =
                pause.map { "automatic reply: paused until \(text.format($0))" }
                ?? "automatic reply: logged, lead is \(state.rawValue)"
            return Step(target: state, cause: cause, eventNote: note)

        case .pauseEnded:
            guard let until = lead.pausedUntil, until <= at else {
                return Step(target: state, cause: "pause still running or not set")
            }
            lead.pausedUntil = nil
            return Step(target: state, cause: "pause ended")

        case .bounced(hard: true):
            guard state.isBeingWorked || state == .processed else { return Step(target: state, cause: ignored) }
            return Step(
                target: .deActivated,
                cause: "an email to this contact bounced permanently",
                deactivation: .hardBounce
            )

        case .bounced(hard: false):
            guard state.isBeingWorked else { return Step(target: state, cause: ignored) }
            lead.softBounces += 1
            guard lead.softBounces >= rules.softBounceLimit else {
                let count = "\(lead.softBounces) of \(rules.softBounceLimit)"
                return Step(target: state, cause: "temporary delivery failure \(count)")
            }
            return Step(
                target: .deActivated,
                cause: "emails to this contact failed to deliver \(lead.softBounces) times in a row",
                deactivation: .repeatedSoftBounces
            )

        case .unsubscribeClicked:
            guard state != .unSubscribed else { return Step(target: state, cause: ignored) }
            return Step(target: .unSubscribed, cause: "the contact clicked the unsubscribe link")

        case .contactDeleted:
            guard state != .unSubscribed && state != .deActivated else { return Step(target: state, cause: ignored) }
            return Step(
                target: .deActivated,
                cause: "the contact was deleted in JobAdder",
                deactivation: .contactDeleted
            )

        case .deactivatedByAdmin:
            guard state != .unSubscribed && state != .deActivated else { return Step(target: state, cause: ignored) }
            return Step(target: .deActivated, cause: "an administrator deactivated the lead", deactivation: .admin)
        }
    }

    /// Engaged on the first open, Warm at the open threshold or on any click; only while the sequence runs.
    private static func engagement(lead: LeadSnapshot, rules: EngagementRules, clicked: Bool) -> Step {
        let counted = clicked ? "click counted" : "open \(lead.opens) counted"
        switch lead.state {
        case .cold, .engaged:
            if clicked {
                return Step(target: .warm, cause: "the contact clicked a link in an email")
            }
            if lead.opens >= rules.warmOpenThreshold {
                return Step(target: .warm, cause: "the contact opened emails \(lead.opens) times")
            }
            if lead.state == .cold {
                return Step(target: .engaged, cause: "the contact opened an email")
            }
            return Step(target: .engaged, cause: counted)
        default:
            return Step(target: lead.state, cause: counted)
        }
    }

    /// Where a real reply takes a lead in `state` (see the table in the type's documentation).
    private static func replyTarget(from state: LeadState, kind: ReplyKind) -> LeadState {
        let byKind: LeadState =
            switch kind {
            case .interested: .hot
            case .unsubscribeRequest: .unSubscribed
            case .other: .responded
            }
        switch state {
        case .new, .cold, .engaged, .warm, .processed:
            return byKind
        case .hot, .deActivated:
            return byKind == .unSubscribed ? .unSubscribed : state
        case .responded:
            return byKind == .responded ? .responded : byKind
        case .unSubscribed:
            return .unSubscribed
        }
    }

    /// The end of the pause an automatic reply sets: the stated return date when it lies ahead (capped by
    /// `maximumAutoReplyPause`), otherwise `defaultAutoReplyPause` from now.
    static func pauseEnd(returnDate: Date?, at: Date, rules: EngagementRules) -> Date {
        let latest = at.addingTimeInterval(rules.maximumAutoReplyPause)
        guard let returnDate, returnDate > at else {
            return at.addingTimeInterval(rules.defaultAutoReplyPause)
        }
        return min(returnDate, latest)
    }
}
