import Domain
import Testing

@Suite("Lead states")
struct LeadStateTests {
    @Test func rawValuesAreTheProductNames() {
        #expect(
            LeadState.allCases.map(\.rawValue) == [
                "New", "Cold", "Engaged", "Warm", "Hot", "Responded", "UnSubscribed", "DeActivated", "Processed",
            ]
        )
    }

    @Test(arguments: LeadState.allCases)
    func mapsToTheSpecHandBackStatus(state: LeadState) {
        let expected: [LeadState: HandBackStatus] = [
            .new: .active, .cold: .assignTo, .engaged: .assignTo, .warm: .active, .hot: .active,
            .responded: .active, .unSubscribed: .inactive, .deActivated: .inactive, .processed: .active,
        ]
        #expect(state.handBack == expected[state])
        #expect(state.isBeingWorked == [.new, .cold, .engaged, .warm].contains(state))
        #expect(state.isReplyState == [.hot, .responded, .unSubscribed].contains(state))
    }
}
