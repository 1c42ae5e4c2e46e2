/// The per-assistant CRM integration status of SPEC §3, with the guide's raw values.
public enum CRMIntegrationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case assistantNotYetCreated = "ASSISTANT_NOT_YET_CREATED"
    case assistantDoesNotExistInCRM = "ASSISTANT_DOES_NOT_EXISTS_AS_USER_IN_CRM"
    case assistantExistsInCRM = "ASSISTANT_EXISTS_AS_USER_IN_CRM"
    case allWorkingWell = "ALL_WORKING_WELL"

    /// What the org admin should do next, for the assistant with `handle`.
    public func advice(handle: String) -> String {
        switch self {
        case .assistantNotYetCreated:
            "No check has run yet: create the status \"\(AssignmentStatusName.canonicalName(for: handle))\" in "
                + "JobAdder under Account > Admin > Contacts > Status, then press refresh."
        case .assistantDoesNotExistInCRM:
            "Create the status \"\(AssignmentStatusName.canonicalName(for: handle))\" in JobAdder under "
                + "Account > Admin > Contacts > Status, then press refresh."
        case .assistantExistsInCRM:
            "All set: set a contact's status to \"\(AssignmentStatusName.canonicalName(for: handle))\" in JobAdder "
                + "to hand it to this assistant."
        case .allWorkingWell:
            "Nothing to do: this assistant is taking over and working contacts from JobAdder."
        }
    }
}
