import Domain
import Testing

@Suite("CRM integration status")
struct CRMIntegrationCheckTests {
    static let assistants = [
        AssistantIntegrationFacts(handle: "ashley@tesla", hasTakenOverAnyLead: true, isWorking: true),
        AssistantIntegrationFacts(handle: "bob@tesla", hasTakenOverAnyLead: false, isWorking: true),
        AssistantIntegrationFacts(handle: "cara@tesla", hasTakenOverAnyLead: true, isWorking: true),
        AssistantIntegrationFacts(handle: "dan@tesla", hasTakenOverAnyLead: true, isWorking: false),
    ]

    @Test func rawValuesMatchTheGuide() {
        #expect(
            CRMIntegrationStatus.allCases.map(\.rawValue) == [
                "ASSISTANT_NOT_YET_CREATED", "ASSISTANT_DOES_NOT_EXISTS_AS_USER_IN_CRM",
                "ASSISTANT_EXISTS_AS_USER_IN_CRM", "ALL_WORKING_WELL",
            ]
        )
    }

    @Test func evaluatesEachAssistantAndListsProblems() {
        let report = CRMIntegrationCheck.evaluate(
            assistants: Self.assistants,
            statusNames: [
                "Assign to Ashley@Tesla in 7Targets", "assign to bob@tesla", "Assign to dan@tesla in 7Targets",
                "Assign to zoe@tesla in 7Targets", "Active  Contact", "Placed",
            ],
            handBackNames: .standard,
            connected: true
        )
        #expect(
            report.assistants.map(\.status) == [
                .allWorkingWell, .assistantExistsInCRM, .assistantDoesNotExistInCRM, .assistantExistsInCRM,
            ]
        )
        #expect(report.assistants[2].advice.contains("\"Assign to cara@tesla in 7Targets\""))
        #expect(report.orphanStatuses.map(\.handle) == ["zoe@tesla"])
        #expect(report.orphanStatuses[0].advice.contains("No assistant has the handle \"zoe@tesla\""))
        #expect(report.missingHandBackStatuses.map(\.handBack) == [.inactive])
        #expect(report.missingHandBackStatuses[0].advice.contains("\"Inactive Contact\""))
        #expect(!report.isHealthy)
    }

    @Test func healthyOrg() {
        let report = CRMIntegrationCheck.evaluate(
            assistants: [Self.assistants[0]],
            statusNames: ["Assign to ashley@tesla", "Open", "Closed"],
            handBackNames: HandBackStatusNames(active: "open", inactive: "CLOSED"),
            connected: true
        )
        #expect(report.isHealthy && report.assistants[0].status == .allWorkingWell)
    }

    @Test func notConnectedMeansNoAssistantExists() {
        let report = CRMIntegrationCheck.evaluate(
            assistants: Self.assistants,
            statusNames: ["Assign to ashley@tesla"],
            handBackNames: .standard,
            connected: false
        )
        #expect(report.assistants.allSatisfy { $0.status == .assistantDoesNotExistInCRM })
        #expect(report.connectionAdvice != nil && report.orphanStatuses.isEmpty)
        #expect(!report.isHealthy)
    }
}
