/// Recognises the JobAdder contact statuses that hand a contact to an assistant.
///
/// Both forms from the user guide are accepted: `Assign to <handle> in 7Targets` and `Assign to <handle>`.
/// Comparison is trimmed, case-insensitive and forgiving of repeated inner whitespace. A handle is one word with
/// exactly one `@` and text on both sides (`ashley@tesla`), so an ordinary recruiter status such as
/// `Assign to recruiter` is not mistaken for an assistant's.
public enum AssignmentStatusName {
    private static let prefix = "assign to "
    private static let suffix = " in 7targets"

    /// The lowercase handle named by `statusName`, or nil when the name is not an assignment status.
    public static func handle(in statusName: String) -> String? {
        let name = StatusNameText.normalize(statusName)
        guard name.hasPrefix(prefix) else { return nil }
        var rest = Substring(name.dropFirst(prefix.count))
        if rest.hasSuffix(suffix) {
            rest = rest.dropLast(suffix.count)
        }
        let handle = String(rest)
        guard isPlausibleHandle(handle) else { return nil }
        return handle
    }

    /// Whether `name` is an assignment status for `handle` (either form, any case or spacing).
    public static func matches(_ name: String, handle: String) -> Bool {
        guard let found = self.handle(in: name) else { return false }
        return found == StatusNameText.normalize(handle)
    }

    /// The status name an admin should create for `handle`: `Assign to ashley@tesla in 7Targets`.
    public static func canonicalName(for handle: String) -> String {
        "Assign to \(StatusNameText.normalize(handle)) in 7Targets"
    }

    private static func isPlausibleHandle(_ handle: String) -> Bool {
        guard !handle.contains(" ") else { return false }
        let parts = handle.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
    }
}
