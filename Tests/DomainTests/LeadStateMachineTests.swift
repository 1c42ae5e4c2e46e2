import Domain
import Foundation
import Testing

/// One representative of every event shape the state machine distinguishes.
enum EventSample: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case activated, emailSent, scheduleFinished, opened, clicked
    case repliedMeeting, repliedCall, repliedInfo, repliedOther, repliedUnsubscribe
    case autoReplyDated, autoReplyUndated, pauseEnded, hardBounce, softBounce
    case unsubscribeClicked, contactDeleted, deactivatedByAdmin

    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static let mail = EmailSummary(messageID: "<m1@tesla.7ts-e.com>", subject: "Quick question", body: "Hi Sam")

    var event: LeadEvent {
        switch self {
        case .activated: .activated
        case .emailSent: .emailSent(step: 1, email: Self.mail)
        case .scheduleFinished: .scheduleFinished
        case .opened: .opened
        case .clicked: .clicked
        case .repliedMeeting: .replied(.interested(.meeting), email: Self.mail)
        case .repliedCall: .replied(.interested(.call), email: Self.mail)
        case .repliedInfo: .replied(.interested(.moreInformation), email: Self.mail)
        case .repliedOther: .replied(.other, email: Self.mail)
        case .repliedUnsubscribe: .replied(.unsubscribeRequest, email: Self.mail)
        case .autoReplyDated: .autoReply(returnDate: Self.now.addingTimeInterval(3 * 86_400), email: Self.mail)
        case .autoReplyUndated: .autoReply(returnDate: nil, email: Self.mail)
        case .pauseEnded: .pauseEnded
        case .hardBounce: .bounced(hard: true)
        case .softBounce: .bounced(hard: false)
        case .unsubscribeClicked: .unsubscribeClicked
        case .contactDeleted: .contactDeleted
        case .deactivatedByAdmin: .deactivatedByAdmin
        }
    }

    var testDescription: String { rawValue }
}

@Suite("Lead state machine")
struct LeadStateMachineTests {
    /// The documented table: for each state, the state every sample leads to, in `EventSample.allCases` order.
    /// N New, C Cold, E Engaged, W Warm, H Hot, R Responded, U UnSubscribed, D DeActivated, P Processed.
    static let table: [LeadState: String] = [
        //              act sent fin open click meet call info other unsub autoD autoU pause hard soft unsubC del admin
        .new: "C N N N N H H H R U N N N D N U D D",
        .cold: "C C P E W H H H R U C C C D C U D D",
        .engaged: "E E P E W H H H R U E E E D E U D D",
        .warm: "W W P W W H H H R U W W W D W U D D",
        .hot: "H H H H H H H H H U H H H H H U D D",
        .responded: "R R R R R H H H R U R R R R R U D D",
        .unSubscribed: "U U U U U U U U U U U U U U U U U U",
        .deActivated: "D D D D D D D D D U D D D D D U D D",
        .processed: "P P P P P H H H R U P P P D P U D D",
    ]

    static let letters: [Character: LeadState] = [
        "N": .new, "C": .cold, "E": .engaged, "W": .warm, "H": .hot, "R": .responded,
        "U": .unSubscribed, "D": .deActivated, "P": .processed,
    ]

    static func expected(_ state: LeadState, _ sample: EventSample) -> LeadState? {
        let row = (table[state] ?? "").split(separator: " ")
        guard let index = EventSample.allCases.firstIndex(of: sample), index < row.count,
            let letter = row[index].first
        else { return nil }
        return letters[letter]
    }

    static func snapshot(_ state: LeadState) -> LeadSnapshot {
        LeadSnapshot(
            state: state,
            nextStep: 1,
            stepCount: 4,
            version: 5,
            lastHandBackWritten: state.handBack,
            deactivationCause: state == .deActivated ? .admin : nil,
            assistantName: "Ashley"
        )
    }

    @Test(arguments: LeadState.allCases, EventSample.allCases)
    func followsTheDocumentedTable(state: LeadState, sample: EventSample) throws {
        let expected = try #require(Self.expected(state, sample))
        let transition = LeadStateMachine.apply(sample.event, to: Self.snapshot(state), at: EventSample.now)
        let changed = expected != state

        #expect(transition.newState == expected)
        #expect(transition.record.from == state)
        #expect(transition.record.to == expected)
        #expect(transition.record.kind == sample.event.kind)
        #expect(transition.record.at == EventSample.now)
        #expect(!transition.record.cause.isEmpty)
        #expect(transition.lead.version == (changed ? 6 : 5))
        #expect(transition.stopsSending == !expected.isBeingWorked)

        let writesJobAdder = sample != .contactDeleted
        let expectedWrite =
            changed && writesJobAdder && expected.handBack != state.handBack
            ? StatusWriteIntent(handBack: expected.handBack, leadVersion: 6) : nil
        #expect(transition.statusWrite == expectedWrite)

        var noteKinds: [NoteIntent.Kind] = []
        switch sample {
        case .emailSent: noteKinds.append(.emailSent)
        case .repliedMeeting, .repliedCall, .repliedInfo, .repliedOther, .repliedUnsubscribe:
            noteKinds.append(.emailReceived)
        case .autoReplyDated, .autoReplyUndated: noteKinds.append(.autoReplySeen)
        default: break
        }
        if changed && writesJobAdder { noteKinds.append(.stateChange) }
        #expect(transition.notes.map(\.kind) == noteKinds)

        let pauses = (sample == .autoReplyDated || sample == .autoReplyUndated) && state.isBeingWorked
        #expect((transition.pauseUntil != nil) == pauses)
        if expected == .deActivated && changed {
            #expect(transition.lead.deactivationCause != nil)
        }
    }

    @Test func warmAtThreeOpensOrAnyClick() {
        var lead = Self.snapshot(.cold)
        lead = LeadStateMachine.apply(.opened, to: lead, at: EventSample.now).lead
        #expect(lead.state == .engaged)
        lead = LeadStateMachine.apply(.opened, to: lead, at: EventSample.now).lead
        #expect(lead.state == .engaged && lead.opens == 2 && lead.version == 6)
        let third = LeadStateMachine.apply(.opened, to: lead, at: EventSample.now)
        #expect(third.newState == .warm && third.lead.version == 7)
        #expect(third.statusWrite == StatusWriteIntent(handBack: .active, leadVersion: 7))
        #expect(third.notes.first?.text.contains("opened emails 3 times") == true)

        let clicked = LeadStateMachine.apply(.clicked, to: Self.snapshot(.cold), at: EventSample.now)
        #expect(clicked.newState == .warm && clicked.lead.clicks == 1)

        var counted = Self.snapshot(.cold)
        counted.opens = 1
        let straightToWarm = LeadStateMachine.apply(
            .opened,
            to: counted,
            at: EventSample.now,
            rules: EngagementRules(warmOpenThreshold: 2)
        )
        #expect(straightToWarm.newState == .warm)
    }

    @Test func softBouncesDeactivateAtTheLimit() {
        let rules = EngagementRules(softBounceLimit: 2)
        let first = LeadStateMachine.apply(
            .bounced(hard: false),
            to: Self.snapshot(.engaged),
            at: EventSample.now,
            rules: rules
        )
        #expect(first.newState == .engaged && first.lead.softBounces == 1 && first.notes.isEmpty)
        let second = LeadStateMachine.apply(.bounced(hard: false), to: first.lead, at: EventSample.now, rules: rules)
        #expect(second.newState == .deActivated)
        #expect(second.lead.deactivationCause == .repeatedSoftBounces)
        #expect(second.statusWrite == StatusWriteIntent(handBack: .inactive, leadVersion: 6))

        let opened = LeadStateMachine.apply(.opened, to: first.lead, at: EventSample.now, rules: rules)
        #expect(opened.lead.softBounces == 0)
    }

    @Test func hardBounceRecordsItsCause() {
        let transition = LeadStateMachine.apply(
            .bounced(hard: true),
            to: Self.snapshot(.processed),
            at: EventSample.now
        )
        #expect(transition.lead.deactivationCause == .hardBounce)
        #expect(transition.lead.deactivationCause?.isBounce == true)
    }

    @Test func autoReplyPausesUntilTheReturnDateWithinLimits() {
        let now = EventSample.now
        let rules = EngagementRules(defaultAutoReplyPause: 5 * 86_400, maximumAutoReplyPause: 30 * 86_400)
        func pause(_ returnDate: Date?) -> Date? {
            LeadStateMachine.apply(
                .autoReply(returnDate: returnDate, email: EventSample.mail),
                to: Self.snapshot(.cold),
                at: now,
                rules: rules
            ).pauseUntil
        }
        #expect(pause(now.addingTimeInterval(86_400)) == now.addingTimeInterval(86_400))
        #expect(pause(nil) == now.addingTimeInterval(5 * 86_400))
        #expect(pause(now.addingTimeInterval(-86_400)) == now.addingTimeInterval(5 * 86_400))
        #expect(pause(now.addingTimeInterval(90 * 86_400)) == now.addingTimeInterval(30 * 86_400))

        let transition = LeadStateMachine.apply(
            .autoReply(returnDate: nil, email: EventSample.mail),
            to: Self.snapshot(.cold),
            at: now,
            rules: rules
        )
        #expect(transition.newState == .cold && !transition.stopsSending)
        #expect(transition.notes.first?.reference == EventSample.mail.messageID)
        #expect(transition.notes.first?.text.contains("not counted as a reply") == true)
    }

    @Test func pauseEndsOnlyWhenItHasRunOut() {
        var lead = Self.snapshot(.cold)
        lead.pausedUntil = EventSample.now.addingTimeInterval(3600)
        let early = LeadStateMachine.apply(.pauseEnded, to: lead, at: EventSample.now)
        #expect(early.pauseUntil == lead.pausedUntil)
        let late = LeadStateMachine.apply(.pauseEnded, to: lead, at: EventSample.now.addingTimeInterval(3600))
        #expect(late.pauseUntil == nil)
    }

    @Test func replyStopsSendingAndClearsThePause() {
        var lead = Self.snapshot(.warm)
        lead.pausedUntil = EventSample.now.addingTimeInterval(3600)
        let transition = LeadStateMachine.apply(
            .replied(.interested(.call), email: EventSample.mail),
            to: lead,
            at: EventSample.now
        )
        #expect(transition.newState == .hot && transition.stopsSending && transition.pauseUntil == nil)
        #expect(transition.statusWrite == nil)
        #expect(transition.notes.map(\.kind) == [.emailReceived, .stateChange])
        #expect(transition.notes[0].text.contains("asked for a call"))
        #expect(transition.notes[0].text.contains("Quick question"))
        #expect(transition.notes[1].reference == "state-v6")
    }

    @Test func statusWriteOnlyWhenJobAdderHasAnotherStatus() {
        var lead = Self.snapshot(.cold)
        lead.lastHandBackWritten = .active
        let transition = LeadStateMachine.apply(.clicked, to: lead, at: EventSample.now)
        #expect(transition.newState == .warm && transition.statusWrite == nil)

        lead.lastHandBackWritten = nil
        let first = LeadStateMachine.apply(.opened, to: lead, at: EventSample.now)
        #expect(first.statusWrite == StatusWriteIntent(handBack: .assignTo, leadVersion: 6))
        #expect(first.lead.lastHandBackWritten == .assignTo)
    }

    @Test func emailSentAdvancesTheStepAndLogsSubjectAndBody() {
        let transition = LeadStateMachine.apply(
            .emailSent(step: 2, email: EventSample.mail),
            to: Self.snapshot(.cold),
            at: EventSample.now
        )
        #expect(transition.lead.nextStep == 3)
        let note = transition.notes.first
        #expect(note?.kind == .emailSent && note?.reference == EventSample.mail.messageID)
        #expect(note?.text == "Email sent by Ashley (7Targets, step 3 of 4)\nSubject: Quick question\n\nHi Sam")
    }

    @Test func deletedContactGetsNoJobAdderEffects() {
        var lead = Self.snapshot(.deActivated)
        lead.deactivationCause = .contactDeleted
        for sample in EventSample.allCases {
            let transition = LeadStateMachine.apply(sample.event, to: lead, at: EventSample.now)
            #expect(transition.notes.isEmpty, "\(sample)")
            #expect(transition.statusWrite == nil, "\(sample)")
        }
        let deleted = LeadStateMachine.apply(.contactDeleted, to: Self.snapshot(.cold), at: EventSample.now)
        #expect(deleted.lead.deactivationCause == .contactDeleted && deleted.notes.isEmpty)
    }
}
