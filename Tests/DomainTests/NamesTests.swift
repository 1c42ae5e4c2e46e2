import Domain
import Testing

@Suite("Assistant handles and status names")
struct NamesTests {
    @Test func derivesHandleFromMailbox() throws {
        let domain = "7ts-e.com"
        #expect(try AssistantHandle.derive(mailbox: "ashley@tesla.7ts-e.com", mailboxDomain: domain) == "ashley@tesla")
        #expect(
            try AssistantHandle.derive(mailbox: " Ashley@Tesla.7TS-E.com ", mailboxDomain: ".7ts-e.com")
                == "ashley@tesla"
        )
        #expect(try AssistantHandle.derive(mailbox: "a.b@eu.tesla.7ts-e.com", mailboxDomain: domain) == "a.b@eu.tesla")
        #expect(AssistantHandle.mailbox(for: "ashley@tesla", mailboxDomain: "7ts-e.com") == "ashley@tesla.7ts-e.com")
    }

    @Test(arguments: [
        ("", AssistantHandleError.Problem.empty),
        ("ash ley@tesla.7ts-e.com", .containsWhitespace),
        ("ashley.tesla.7ts-e.com", .missingAtSign),
        ("a@b@tesla.7ts-e.com", .multipleAtSigns),
        ("@tesla.7ts-e.com", .emptyLocalPart),
        ("ashley@tesla.example.com", .notInMailboxDomain),
        ("ashley@tesla7ts-e.com", .notInMailboxDomain),
        ("ashley@7ts-e.com", .missingOrgLabel),
    ])
    func rejectsBadMailboxes(mailbox: String, problem: AssistantHandleError.Problem) {
        #expect(throws: AssistantHandleError(mailbox: mailbox, mailboxDomain: "7ts-e.com", problem: problem)) {
            try AssistantHandle.derive(mailbox: mailbox, mailboxDomain: "7ts-e.com")
        }
    }

    @Test func rejectsBadMailboxDomain() {
        #expect(throws: AssistantHandleError.self) {
            try AssistantHandle.derive(mailbox: "ashley@tesla.7ts-e.com", mailboxDomain: " ")
        }
    }

    @Test(arguments: [
        ("Assign to ashley@tesla in 7Targets", "ashley@tesla"),
        ("Assign to ashley@tesla", "ashley@tesla"),
        ("  assign   TO  Ashley@Tesla   IN 7targets ", "ashley@tesla"),
        ("ASSIGN TO ashley@tesla\tin\t7Targets", "ashley@tesla"),
    ])
    func recognisesAssignmentStatuses(name: String, handle: String) {
        #expect(AssignmentStatusName.handle(in: name) == handle)
        #expect(AssignmentStatusName.matches(name, handle: "Ashley@Tesla"))
        #expect(!AssignmentStatusName.matches(name, handle: "bob@tesla"))
    }

    @Test(arguments: [
        "Active Contact", "Assign to", "Assign to recruiter", "Assign to Ashley Smith in 7Targets",
        "Assign to @tesla", "Assign to ashley@", "Reassign to ashley@tesla", "Assign to  in 7Targets",
    ])
    func ignoresOtherStatuses(name: String) {
        #expect(AssignmentStatusName.handle(in: name) == nil)
    }

    @Test func findsHandBackStatusesByConfiguredName() {
        let names = HandBackStatusNames(active: " active contact", inactive: "Do Not Contact")
        let statuses = [
            ContactStatus(statusID: 1, name: "Assign to ashley@tesla in 7Targets"),
            ContactStatus(statusID: 2, name: "ACTIVE   CONTACT "),
            ContactStatus(statusID: 3, name: "do not contact"),
            ContactStatus(statusID: 4, name: "Inactive Contact"),
        ]
        let directory = StatusDirectory(statuses: statuses, handBackNames: names)
        #expect(directory.status(for: .active, handle: "x")?.statusID == 2)
        #expect(directory.status(for: .inactive, handle: "x")?.statusID == 3)
        #expect(directory.status(for: .assignTo, handle: "ASHLEY@tesla")?.statusID == 1)
        #expect(directory.status(for: .assignTo, handle: "bob@tesla") == nil)
        #expect(directory.handle(forStatusID: 1) == "ashley@tesla")
        #expect(directory.handle(forStatusID: 2) == nil)
        #expect(HandBackStatusNames.standard.find(.inactive, in: statuses, name: \.name)?.statusID == 4)
    }
}
