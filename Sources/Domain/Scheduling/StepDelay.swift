import Foundation

/// How long a schedule step waits after the previous email (or after the lead starts, for the first step).
public struct StepDelay: Sendable, Hashable, Codable {
    /// The unit a delay is counted in.
    public enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
        /// Send-window days that are not holidays; the time of day is kept.
        case businessDays
        /// Elapsed hours, whatever the wall clock does.
        case hours
        /// Hours inside the send window only.
        case businessHours
        /// Calendar days in the sending time zone; the wall-clock time of day is kept across DST changes.
        case days
    }

    public var value: Int
    public var unit: Unit

    public init(value: Int, unit: Unit) {
        self.value = value
        self.unit = unit
    }
}
