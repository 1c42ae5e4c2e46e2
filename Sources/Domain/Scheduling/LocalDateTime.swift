/// A wall-clock date and time in some zone, to the second.
public struct LocalDateTime: Sendable, Hashable, CustomStringConvertible {
    public var date: LocalDate
    public var secondsOfDay: Int

    public init(date: LocalDate, secondsOfDay: Int) {
        self.date = date
        self.secondsOfDay = secondsOfDay
    }

    /// The time of day as `HH:mm` (seconds dropped).
    public var time: String {
        LocalTime(hour: secondsOfDay / 3600, minute: secondsOfDay % 3600 / 60)?.description ?? "00:00"
    }

    public var description: String { "\(date) \(time)" }
}
