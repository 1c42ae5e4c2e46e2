import Foundation

/// The tunable thresholds of the lead state machine.
public struct EngagementRules: Sendable, Hashable {
    /// Opens that make a lead Warm (SPEC §4: three).
    public var warmOpenThreshold: Int
    /// Temporary delivery failures in a row that deactivate a lead.
    public var softBounceLimit: Int
    /// How long an automatic reply without a usable return date pauses the schedule.
    public var defaultAutoReplyPause: TimeInterval
    /// The longest pause an automatic reply may set, whatever return date it states.
    public var maximumAutoReplyPause: TimeInterval
    /// The zone dates in note texts are written in.
    public var noteTimeZone: TimeZone

    public init(
        warmOpenThreshold: Int = 3,
        softBounceLimit: Int = 3,
        defaultAutoReplyPause: TimeInterval = 7 * 86_400,
        maximumAutoReplyPause: TimeInterval = 60 * 86_400,
        noteTimeZone: TimeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
    ) {
        self.warmOpenThreshold = max(1, warmOpenThreshold)
        self.softBounceLimit = max(1, softBounceLimit)
        self.defaultAutoReplyPause = max(0, defaultAutoReplyPause)
        self.maximumAutoReplyPause = max(self.defaultAutoReplyPause, maximumAutoReplyPause)
        self.noteTimeZone = noteTimeZone
    }

    /// The product defaults.
    public static let standard = EngagementRules()
}
