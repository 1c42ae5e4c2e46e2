/// A day of the week, written as its three-letter English abbreviation (`Mon` … `Sun`).
public enum Weekday: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case monday = "Mon"
    case tuesday = "Tue"
    case wednesday = "Wed"
    case thursday = "Thu"
    case friday = "Fri"
    case saturday = "Sat"
    case sunday = "Sun"

    /// Monday to Friday.
    public static let workingWeek: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// The weekday of the day `dayNumber` days after 1970-01-01 (a Thursday).
    public init(dayNumber: Int) {
        let index = ((dayNumber + 3) % 7 + 7) % 7
        self = Weekday.allCases[index]
    }

    /// Parses `Mon` … `Sun` in any case.
    public init?(abbreviation: String) {
        guard let day = Weekday.allCases.first(where: { $0.rawValue.lowercased() == abbreviation.lowercased() }) else {
            return nil
        }
        self = day
    }

    /// Monday is 0, Sunday 6.
    public var index: Int { Weekday.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.index < rhs.index }
}
