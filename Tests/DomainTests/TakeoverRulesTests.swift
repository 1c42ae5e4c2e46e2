import Domain
import Testing

@Suite("Takeover rules (SPEC §5)")
struct TakeoverRulesTests {
    static let assignment = AssignmentFacts(
        handle: "ashley@tesla",
        statusName: "Assign to ashley@tesla in 7Targets",
        eventReference: "evt-1"
    )
    static let contact = ContactFacts(email: "sam@acme.com", isUnsubscribed: false)
    static let ashley = AssistantFacts(
        handle: "ashley@tesla",
        name: "Ashley",
        defaultContextName: "Intro",
        defaultScheduleName: "Two weeks",
        activeLeadCount: 10,
        leadCapacity: 200
    )

    static func lead(_ state: LeadState, cause: DeactivationCause? = nil, email: String = "sam@acme.com")
        -> ExistingLeadFacts
    {
        ExistingLeadFacts(
            state: state,
            deactivationCause: cause,
            email: email,
            assistantHandle: "bob@tesla",
            assistantName: "Bob"
        )
    }

    static func decide(
        contact: ContactFacts = contact,
        existing: ExistingLeadFacts? = nil,
        assistant: AssistantFacts? = ashley
    ) -> TakeoverDecision {
        TakeoverRules.decide(assignment: assignment, contact: contact, existingLead: existing, assistant: assistant)
    }

    @Test func unknownHandleSetsActive() {
        let decision = Self.decide(assistant: nil)
        #expect(decision.outcome == .unknownHandle)
        #expect(decision.note.kind == .rejection && decision.note.reference == "assign-evt-1")
        #expect(decision.note.text.contains("no assistant has the handle \"ashley@tesla\""))
        #expect(decision.note.text.contains("\"Active Contact\""))
        #expect(decision.statusWrite == TakeoverStatusWrite(handBack: .active, assistantHandle: "ashley@tesla"))
    }

    @Test(arguments: [nil, "", "   "])
    func missingEmailSetsInactive(email: String?) {
        let decision = Self.decide(contact: ContactFacts(email: email, isUnsubscribed: false))
        #expect(decision.outcome == .noEmail)
        #expect(decision.note.text.contains("has no email address"))
        #expect(decision.statusWrite?.handBack == .inactive)
    }

    @Test(arguments: ["sam", "sam@", "@acme.com", "sam@acme", "sam smith@acme.com", "a@b@acme.com"])
    func unusableEmailSetsInactive(email: String) {
        let decision = Self.decide(contact: ContactFacts(email: email, isUnsubscribed: false))
        #expect(decision.outcome == .invalidEmail)
        #expect(decision.statusWrite?.handBack == .inactive)
    }

    @Test func unsubscribedInJobAdderSetsInactiveEvenWithAnActiveLead() {
        let decision = Self.decide(
            contact: ContactFacts(email: "sam@acme.com", isUnsubscribed: true),
            existing: Self.lead(.cold)
        )
        #expect(decision.outcome == .unsubscribedInJobAdder)
        #expect(decision.note.text.contains("marked as unsubscribed"))
        #expect(decision.statusWrite?.handBack == .inactive)
    }

    @Test(arguments: [LeadState.new, .cold, .engaged, .warm])
    func leadBeingWorkedIsNotTakenAgain(state: LeadState) {
        let decision = Self.decide(existing: Self.lead(state))
        #expect(decision.outcome == .alreadyBeingWorked(assistantHandle: "bob@tesla", state: state))
        #expect(decision.note.kind == .rejection)
        #expect(decision.note.text.contains("Bob (bob@tesla) is already working on it"))
        #expect(decision.statusWrite == TakeoverStatusWrite(handBack: state.handBack, assistantHandle: "bob@tesla"))
        if state.handBack == .assignTo {
            #expect(decision.note.text.contains("\"Assign to bob@tesla in 7Targets\""))
        } else {
            #expect(decision.note.text.contains("\"Active Contact\""))
        }
    }

    @Test func unsubscribedLeadIsNeverEmailedAgain() {
        let decision = Self.decide(existing: Self.lead(.unSubscribed))
        #expect(decision.outcome == .leadUnsubscribed)
        #expect(decision.note.text.contains("never be emailed again"))
        #expect(decision.statusWrite?.handBack == .inactive)
    }

    @Test(arguments: [
        (LeadState.processed, DeactivationCause?.none),
        (.responded, nil),
        (.hot, nil),
        (.deActivated, .admin),
        (.deActivated, .contactDeleted),
    ])
    func finishedLeadStartsANewSequence(state: LeadState, cause: DeactivationCause?) {
        let decision = Self.decide(existing: Self.lead(state, cause: cause))
        #expect(decision.outcome == .restartFinishedLead(previous: state, start: .cold))
        #expect(decision.note.kind == .confirmation)
        #expect(decision.note.text.contains("starts a new email sequence"))
        #expect(decision.note.text.contains("ended as \(state.rawValue)"))
        #expect(decision.statusWrite == nil)
    }

    @Test(arguments: [DeactivationCause.hardBounce, .repeatedSoftBounces])
    func bouncedLeadNeedsANewAddress(cause: DeactivationCause) {
        let same = Self.decide(existing: Self.lead(.deActivated, cause: cause, email: " SAM@acme.com "))
        #expect(same.outcome == .bouncedSameAddress)
        #expect(same.note.text.contains("emails to sam@acme.com bounced"))
        #expect(same.statusWrite?.handBack == .inactive)

        let changed = Self.decide(existing: Self.lead(.deActivated, cause: cause, email: "old@acme.com"))
        #expect(changed.outcome == .restartFinishedLead(previous: .deActivated, start: .cold))
    }

    @Test func createsAColdLeadWithAConfirmationNote() {
        let decision = Self.decide()
        #expect(decision.outcome == .createLead(.cold))
        #expect(decision.outcome.startState == .cold)
        #expect(decision.statusWrite == nil)
        #expect(decision.note.kind == .confirmation)
        #expect(
            decision.note.text == "Ashley (7Targets) has taken this contact over. Context: \"Intro\". "
                + "Schedule: \"Two weeks\". Every email Ashley sends or receives will be logged here, and the contact "
                + "status will change when Ashley is done."
        )
    }

    @Test(arguments: [
        (
            AssistantFacts(
                handle: "ashley@tesla",
                name: "Ashley",
                defaultContextName: nil,
                defaultScheduleName: "S",
                activeLeadCount: 0,
                leadCapacity: 5
            ),
            LeadStart.WaitReason.noDefaultContext, "no default context"
        ),
        (
            AssistantFacts(
                handle: "ashley@tesla",
                name: "Ashley",
                defaultContextName: "C",
                defaultScheduleName: nil,
                activeLeadCount: 0,
                leadCapacity: 5
            ), .noDefaultSchedule, "no default schedule"
        ),
        (
            AssistantFacts(
                handle: "ashley@tesla",
                name: "Ashley",
                defaultContextName: "C",
                defaultScheduleName: "S",
                activeLeadCount: 5,
                leadCapacity: 5
            ), .atCapacity, "5 leads, its limit is 5"
        ),
    ])
    func createsANewLeadWhenTheAssistantCannotStart(
        assistant: AssistantFacts,
        reason: LeadStart.WaitReason,
        words: String
    ) {
        let decision = Self.decide(assistant: assistant)
        #expect(decision.outcome == .createLead(.new(reason)))
        #expect(decision.outcome.startState == .new)
        #expect(decision.statusWrite == TakeoverStatusWrite(handBack: .active, assistantHandle: "ashley@tesla"))
        #expect(decision.note.text.contains(words))
        #expect(decision.note.text.contains("waits as New"))

        let restart = Self.decide(existing: Self.lead(.processed), assistant: assistant)
        #expect(restart.outcome == .restartFinishedLead(previous: .processed, start: .new(reason)))
        #expect(restart.statusWrite?.handBack == .active)
    }

    @Test func usesTheOrgsHandBackNamesInNotes() {
        let names = HandBackStatusNames(active: "Open", inactive: "Closed")
        let decision = TakeoverRules.decide(
            assignment: Self.assignment,
            contact: Self.contact,
            existingLead: nil,
            assistant: nil,
            handBackNames: names
        )
        #expect(decision.note.text.hasSuffix("set back to \"Open\"."))
    }
}
