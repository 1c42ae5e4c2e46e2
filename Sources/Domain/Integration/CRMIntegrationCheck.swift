/// Recomputes the CRM integration status (SPEC §3) from JobAdder's status names and the org's assistants.
public enum CRMIntegrationCheck {
    /// Evaluates one refresh.
    ///
    /// Not connected: every assistant is `ASSISTANT_DOES_NOT_EXISTS_AS_USER_IN_CRM` and no status lists are
    /// checked. Connected: an assistant without an `Assign to` status does not exist in the CRM; with one it
    /// exists, and it is `ALL_WORKING_WELL` once it has taken over a contact and is working. Orphan statuses and
    /// missing hand-back statuses are listed in JobAdder's order.
    public static func evaluate(
        assistants: [AssistantIntegrationFacts],
        statusNames: [String],
        handBackNames: HandBackStatusNames,
        connected: Bool
    ) -> CRMIntegrationReport {
        guard connected else {
            let results = assistants.map { facts in
                CRMIntegrationReport.AssistantResult(
                    handle: facts.handle,
                    status: .assistantDoesNotExistInCRM,
                    advice: "JobAdder is not connected: an org admin must connect it (handover jobadder connect), "
                        + "then press refresh."
                )
            }
            return CRMIntegrationReport(
                connected: false,
                assistants: results,
                orphanStatuses: [],
                missingHandBackStatuses: [],
                connectionAdvice: "Connect JobAdder with an account that has JobAdder admin rights, then refresh."
            )
        }

        let handlesInCRM = Set(statusNames.compactMap(AssignmentStatusName.handle(in:)))
        let results = assistants.map { facts in
            let handle = StatusNameText.normalize(facts.handle)
            let status: CRMIntegrationStatus =
                if !handlesInCRM.contains(handle) {
                    .assistantDoesNotExistInCRM
                } else if facts.hasTakenOverAnyLead && facts.isWorking {
                    .allWorkingWell
                } else {
                    .assistantExistsInCRM
                }
            return CRMIntegrationReport.AssistantResult(
                handle: facts.handle,
                status: status,
                advice: status.advice(handle: facts.handle)
            )
        }

        let knownHandles = Set(assistants.map { StatusNameText.normalize($0.handle) })
        let orphans = statusNames.compactMap { name -> CRMIntegrationReport.OrphanStatus? in
            guard let handle = AssignmentStatusName.handle(in: name), !knownHandles.contains(handle) else { return nil }
            return CRMIntegrationReport.OrphanStatus(
                statusName: name,
                handle: handle,
                advice: "No assistant has the handle \"\(handle)\": contacts set to \"\(name)\" are refused. Fix "
                    + "the status name to match an assistant, create that assistant, or delete the status."
            )
        }

        let handBacks: [HandBackStatus] = [.active, .inactive]
        let missing = handBacks.compactMap { handBack -> CRMIntegrationReport.MissingHandBackStatus? in
            let name = handBackNames.name(for: handBack) ?? ""
            guard !statusNames.contains(where: { handBackNames.matches($0, handBack: handBack) }) else { return nil }
            return CRMIntegrationReport.MissingHandBackStatus(
                handBack: handBack,
                statusName: name,
                advice: "JobAdder has no contact status named \"\(name)\", so contacts cannot be handed back. Create "
                    + "it under Account > Admin > Contacts > Status, or change the org's hand-back status names."
            )
        }

        return CRMIntegrationReport(
            connected: true,
            assistants: results,
            orphanStatuses: orphans,
            missingHandBackStatuses: missing,
            connectionAdvice: nil
        )
    }
}
