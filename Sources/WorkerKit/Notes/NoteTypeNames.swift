import Domain

/// The JobAdder note type each kind of Handover note is filed under.
///
/// JobAdder's note types are per account; these are the common names (JobAdder accepts others too).
public enum NoteTypeNames {
    public static func name(for kind: NoteIntent.Kind) -> String {
        switch kind {
        case .emailSent: "Email Sent"
        case .emailReceived, .autoReplySeen: "Email Received"
        case .confirmation, .rejection, .stateChange: "General"
        }
    }
}
