/// When an assistant sends: the steps' delays, the send window, holidays and whose time zone counts.
///
/// Example:
///
/// ```json
/// {"name": "Two weeks", "steps": [{"delay": {"value": 0, "unit": "businessDays"}},
///                                 {"delay": {"value": 3, "unit": "businessDays"}}],
///  "sendWindow": {"start": "09:00", "end": "17:00", "days": ["Mon", "Tue", "Wed", "Thu", "Fri"]},
///  "holidays": ["2026-12-25"], "followUps": 1, "timeZonePolicy": "contactThenAssistant"}
/// ```
///
/// `sendWindow` defaults to 09:00–17:00 Monday to Friday, `holidays` to none, `timeZonePolicy` to
/// `contactThenAssistant`. `followUps` may be left out; when given it must equal the number of steps minus one.
public struct ScheduleDefinition: Sendable, Hashable, Codable {
    /// The most steps a schedule may have.
    public static let maximumSteps = 20
    /// The most holiday dates a schedule may list.
    public static let maximumHolidays = 1_000
    /// The largest document accepted.
    public static let maximumDocumentBytes = 256 * 1024
    /// The longest delay per unit.
    public static let maximumDelay: [StepDelay.Unit: Int] = [
        .businessDays: 365, .days: 365, .hours: 24 * 365, .businessHours: 24 * 365,
    ]

    public var name: String?
    public var steps: [ScheduleStep]
    public var sendWindow: SendWindow
    public var holidays: Set<LocalDate>
    public var timeZonePolicy: TimeZonePolicy

    public init(
        name: String? = nil,
        steps: [ScheduleStep],
        sendWindow: SendWindow = .officeHours,
        holidays: Set<LocalDate> = [],
        timeZonePolicy: TimeZonePolicy = .contactThenAssistant
    ) {
        self.name = name
        self.steps = steps
        self.sendWindow = sendWindow
        self.holidays = holidays
        self.timeZonePolicy = timeZonePolicy
    }

    /// Emails after the first one.
    public var followUps: Int { max(0, steps.count - 1) }

    /// Parses and validates a schedule document.
    ///
    /// - Throws: `DefinitionError` for invalid JSON, unknown keys, wrong types, zero or more than 20 steps, a
    ///   negative or too long delay, an unknown unit, a bad `HH:mm` time, an end not after the start, an unknown or
    ///   repeated weekday, a bad holiday date, or a `followUps` that does not match the steps.
    public static func parse(json: [UInt8]) throws(DefinitionError) -> ScheduleDefinition {
        try validate(try JSONValue.decode(json, limit: maximumDocumentBytes))
    }

    public init(from decoder: any Decoder) throws {
        self = try Self.validate(try JSONValue(from: decoder))
    }

    enum CodingKeys: String, CodingKey {
        case name, steps, sendWindow, holidays, followUps, timeZonePolicy
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encode(steps, forKey: .steps)
        try container.encode(sendWindow, forKey: .sendWindow)
        try container.encode(holidays.sorted(), forKey: .holidays)
        try container.encode(followUps, forKey: .followUps)
        try container.encode(timeZonePolicy, forKey: .timeZonePolicy)
    }

    private static func validate(_ document: JSONValue) throws(DefinitionError) -> ScheduleDefinition {
        let root = try DefinitionObject(document, path: "")
        try root.rejectUnknownKeys(allowed: ["name", "steps", "sendWindow", "holidays", "followUps", "timeZonePolicy"])
        let name = try root.string("name", required: false)

        let items = try root.array("steps", required: true) ?? []
        guard !items.isEmpty else {
            throw DefinitionError(path: "steps", problem: "needs at least one step")
        }
        guard items.count <= maximumSteps else {
            throw DefinitionError(
                path: "steps",
                problem: "has \(items.count) steps; at most \(maximumSteps) are allowed"
            )
        }
        var steps: [ScheduleStep] = []
        for (index, item) in items.enumerated() {
            steps.append(try step(item, path: "steps[\(index)]"))
        }

        let window =
            try root.object("sendWindow", required: false).map { object throws(DefinitionError) in
                try sendWindow(object)
            } ?? .officeHours
        let holidays = try holidayDates(try root.array("holidays", required: false) ?? [])

        if let followUps = try root.integer("followUps", required: false), followUps != steps.count - 1 {
            throw DefinitionError(
                path: "followUps",
                problem: "is \(followUps) but the schedule has \(steps.count) steps, "
                    + "so it has \(steps.count - 1) follow-ups"
            )
        }

        var policy = TimeZonePolicy.contactThenAssistant
        if let text = try root.string("timeZonePolicy", required: false) {
            guard let parsed = TimeZonePolicy(rawValue: text) else {
                let allowed = TimeZonePolicy.allCases.map(\.rawValue).joined(separator: ", ")
                throw DefinitionError(path: "timeZonePolicy", problem: "must be one of: \(allowed)")
            }
            policy = parsed
        }

        return ScheduleDefinition(
            name: name,
            steps: steps,
            sendWindow: window,
            holidays: holidays,
            timeZonePolicy: policy
        )
    }

    private static func step(_ value: JSONValue, path: String) throws(DefinitionError) -> ScheduleStep {
        let object = try DefinitionObject(value, path: path)
        try object.rejectUnknownKeys(allowed: ["delay"])
        guard let delay = try object.object("delay", required: true) else {
            throw DefinitionError(path: object.path(of: "delay"), problem: "is required")
        }
        try delay.rejectUnknownKeys(allowed: ["value", "unit"])

        let unitText = try delay.string("unit", required: true) ?? ""
        guard let unit = StepDelay.Unit(rawValue: unitText) else {
            let allowed = StepDelay.Unit.allCases.map(\.rawValue).joined(separator: ", ")
            throw DefinitionError(path: delay.path(of: "unit"), problem: "must be one of: \(allowed)")
        }
        let amount = try delay.integer("value", required: true) ?? 0
        guard amount >= 0 else {
            throw DefinitionError(path: delay.path(of: "value"), problem: "must not be negative")
        }
        let limit = maximumDelay[unit] ?? 365
        guard amount <= limit else {
            throw DefinitionError(path: delay.path(of: "value"), problem: "is more than \(limit) \(unit.rawValue)")
        }
        return ScheduleStep(delay: StepDelay(value: amount, unit: unit))
    }

    private static func sendWindow(_ object: DefinitionObject) throws(DefinitionError) -> SendWindow {
        try object.rejectUnknownKeys(allowed: ["start", "end", "days"])
        let start = try time(object, key: "start")
        let end = try time(object, key: "end")
        guard start.hour < 24 else {
            throw DefinitionError(path: object.path(of: "start"), problem: "must be before 24:00")
        }
        guard start < end else {
            throw DefinitionError(path: object.path(of: "end"), problem: "must be after the start (\(start))")
        }

        let items = try object.array("days", required: true) ?? []
        guard !items.isEmpty else {
            throw DefinitionError(path: object.path(of: "days"), problem: "needs at least one day")
        }
        var days: Set<Weekday> = []
        for (index, item) in items.enumerated() {
            let path = "\(object.path(of: "days"))[\(index)]"
            let text = try DefinitionObject.string(item, path: path)
            guard let day = Weekday(abbreviation: text) else {
                throw DefinitionError(
                    path: path,
                    problem: "\"\(text)\" is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun"
                )
            }
            guard days.insert(day).inserted else {
                throw DefinitionError(path: path, problem: "\(day.rawValue) is listed twice")
            }
        }
        return SendWindow(start: start, end: end, days: days)
    }

    private static func time(_ object: DefinitionObject, key: String) throws(DefinitionError) -> LocalTime {
        let text = try object.string(key, required: true) ?? ""
        guard let time = LocalTime(text) else {
            throw DefinitionError(
                path: object.path(of: key),
                problem: "\"\(text)\" is not a time; write HH:mm, like 09:00"
            )
        }
        return time
    }

    private static func holidayDates(_ items: [JSONValue]) throws(DefinitionError) -> Set<LocalDate> {
        guard items.count <= maximumHolidays else {
            throw DefinitionError(path: "holidays", problem: "lists more than \(maximumHolidays) dates")
        }
        var dates: Set<LocalDate> = []
        for (index, item) in items.enumerated() {
            let path = "holidays[\(index)]"
            let text = try DefinitionObject.string(item, path: path)
            guard let date = LocalDate(text) else {
                throw DefinitionError(
                    path: path,
                    problem: "\"\(text)\" is not a date; write yyyy-MM-dd, like 2026-12-25"
                )
            }
            dates.insert(date)
        }
        return dates
    }
}
