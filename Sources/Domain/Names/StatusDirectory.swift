/// An org's JobAdder statuses, indexed for the lookups Handover makes: the assignment status per handle and
/// the two hand-back statuses by their configured names.
///
/// When JobAdder holds two statuses that normalise to the same name, the first one listed wins, so lookups stay
/// deterministic for a given JobAdder answer.
public struct StatusDirectory: Sendable, Equatable {
    public let statuses: [ContactStatus]
    public let handBackNames: HandBackStatusNames
    private let assignmentByHandle: [String: ContactStatus]

    public init(statuses: [ContactStatus], handBackNames: HandBackStatusNames = .standard) {
        self.statuses = statuses
        self.handBackNames = handBackNames
        var index: [String: ContactStatus] = [:]
        for status in statuses {
            guard let handle = AssignmentStatusName.handle(in: status.name), index[handle] == nil else { continue }
            index[handle] = status
        }
        self.assignmentByHandle = index
    }

    /// The `Assign to <handle>` status, if JobAdder has one.
    public func assignmentStatus(handle: String) -> ContactStatus? {
        assignmentByHandle[StatusNameText.normalize(handle)]
    }

    /// The status to write for `handBack`; `handle` picks the assistant for `.assignTo`.
    public func status(for handBack: HandBackStatus, handle: String) -> ContactStatus? {
        switch handBack {
        case .assignTo: assignmentStatus(handle: handle)
        case .active, .inactive: handBackNames.find(handBack, in: statuses, name: \.name)
        }
    }

    /// The handle a status id hands contacts to, or nil when it is not an assignment status.
    public func handle(forStatusID statusID: Int) -> String? {
        guard let status = statuses.first(where: { $0.statusID == statusID }) else { return nil }
        return AssignmentStatusName.handle(in: status.name)
    }
}
