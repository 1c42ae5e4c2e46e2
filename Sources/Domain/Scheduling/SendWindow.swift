/// When emails may go out: a daily wall-clock window on some weekdays, in the sending time zone. The window is
/// half-open: `start` is allowed, `end` is not.
public struct SendWindow: Sendable, Hashable, Codable {
    public var start: LocalTime
    public var end: LocalTime
    public var days: Set<Weekday>

    public init(start: LocalTime, end: LocalTime, days: Set<Weekday>) {
        self.start = start
        self.end = end
        self.days = days
    }

    /// 09:00–17:00, Monday to Friday.
    public static let officeHours = SendWindow(
        start: LocalTime(checkedHour: 9, minute: 0),
        end: LocalTime(checkedHour: 17, minute: 0),
        days: Weekday.workingWeek
    )

    enum CodingKeys: String, CodingKey {
        case start, end, days
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        start = try container.decode(LocalTime.self, forKey: .start)
        end = try container.decode(LocalTime.self, forKey: .end)
        days = Set(try container.decode([Weekday].self, forKey: .days))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(days.sorted(), forKey: .days)
    }
}
