import Domain
import Foundation
import Testing

@Suite("Context and schedule definitions")
struct DefinitionParsingTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let validContext = """
        {"name": "Intro", "senderName": "Ashley from Tesla", "signature": "Ashley\\n{{assistant.email}}",
         "steps": [{"subject": "Hi {{contact.firstName | \\"there\\"}}", "body": "Hello.\\n{{unsubscribeURL}}"},
                   {"subject": "Following up", "body": "Any thoughts?"}]}
        """

    @Test func parsesAValidContext() throws {
        let context = try ContextDefinition.parse(json: Self.bytes(Self.validContext))
        #expect(context.name == "Intro")
        #expect(context.senderName == "Ashley from Tesla")
        #expect(context.steps.count == 2)
        #expect(context.steps[0].subject == "Hi {{contact.firstName | \"there\"}}")
        #expect(context.threading)

        let encoded = try JSONEncoder().encode(context)
        #expect(try ContextDefinition.parse(json: Array(encoded)) == context)
        #expect(try JSONDecoder().decode(ContextDefinition.self, from: encoded) == context)
    }

    static func step(_ subject: String = "S", _ body: String = "B") -> String {
        "{\"subject\": \(jsonLiteral(subject)), \"body\": \(jsonLiteral(body))}"
    }

    static func context(steps: [String], extra: String = "") -> String {
        "{\"senderName\": \"Ashley\", \"steps\": [\(steps.joined(separator: ","))]\(extra)}"
    }

    static let contextCases: [(String, String, String)] = [
        ("not json", "", "not valid JSON"),
        ("[1]", "", "must be an object"),
        (context(steps: [step()], extra: ", \"colour\": \"red\""), "colour", "unknown key"),
        ("{\"steps\": [\(step())]}", "senderName", "is required"),
        ("{\"senderName\": 5, \"steps\": [\(step())]}", "senderName", "must be a string, not a number"),
        ("{\"senderName\": \"A\\nB\", \"steps\": [\(step())]}", "senderName", "single line"),
        ("{\"senderName\": \" \", \"steps\": [\(step())]}", "senderName", "must not be empty"),
        (context(steps: []), "steps", "at least one step"),
        (context(steps: Array(repeating: step(), count: 21)), "steps", "at most 20"),
        (context(steps: [step(), step(), step("  ")]), "steps[2].subject", "must not be empty"),
        (context(steps: [step(), step("Line\nbreak")]), "steps[1].subject", "single line"),
        (context(steps: [step(String(repeating: "s", count: 201))]), "steps[0].subject", "longer than 200"),
        (context(steps: [step("S", "Hi {{contact.frstName}}")]), "steps[0].body", "unknown merge field"),
        (context(steps: [step("S", "Hi {{contact.firstName")]), "steps[0].body", "never closed"),
        (context(steps: [step("S", String(repeating: "x", count: 20 * 1024 + 1))]), "steps[0].body", "20 KB"),
        (context(steps: [step("S", "\n ")]), "steps[0].body", "must not be empty"),
        (context(steps: ["{\"subject\": \"S\", \"body\": \"B\", \"cc\": \"x\"}"]), "steps[0].cc", "unknown key"),
        (context(steps: ["{\"subject\": \"S\"}"]), "steps[0].body", "is required"),
        (context(steps: [step(), "7"]), "steps[1]", "must be an object"),
        (context(steps: [step()], extra: ", \"threading\": \"yes\""), "threading", "true or false"),
        (context(steps: [step()], extra: ", \"signature\": \"{{oops\""), "signature", "never closed"),
    ]

    @Test(arguments: contextCases)
    func contextErrorsPointAtTheField(json: String, path: String, words: String) {
        #expect {
            _ = try ContextDefinition.parse(json: Self.bytes(json))
        } throws: { error in
            guard let error = error as? DefinitionError else { return false }
            return error.path == path && error.problem.contains(words)
        }
    }

    static let validSchedule = """
        {"name": "Two weeks",
         "steps": [{"delay": {"value": 0, "unit": "businessDays"}}, {"delay": {"value": 3, "unit": "businessDays"}},
                   {"delay": {"value": 48, "unit": "hours"}}],
         "sendWindow": {"start": "09:00", "end": "17:30", "days": ["Mon", "tue", "Wed", "Thu", "Fri"]},
         "holidays": ["2026-12-25", "2026-12-28"], "followUps": 2, "timeZonePolicy": "assistant"}
        """

    @Test func parsesAValidSchedule() throws {
        let schedule = try ScheduleDefinition.parse(json: Self.bytes(Self.validSchedule))
        #expect(
            schedule.steps.map(\.delay) == [
                StepDelay(value: 0, unit: .businessDays), StepDelay(value: 3, unit: .businessDays),
                StepDelay(value: 48, unit: .hours),
            ]
        )
        #expect(schedule.sendWindow.start.description == "09:00")
        #expect(schedule.sendWindow.end.description == "17:30")
        #expect(schedule.sendWindow.days == Weekday.workingWeek)
        #expect(
            schedule.holidays
                == [LocalDate("2026-12-25"), LocalDate("2026-12-28")].compactMap { $0 }.reduce(
                    into: Set<LocalDate>()
                ) { $0.insert($1) }
        )
        #expect(schedule.followUps == 2)
        #expect(schedule.timeZonePolicy == .assistant)

        let encoded = try JSONEncoder().encode(schedule)
        #expect(try ScheduleDefinition.parse(json: Array(encoded)) == schedule)
    }

    @Test func scheduleDefaults() throws {
        let schedule = try ScheduleDefinition.parse(
            json: Self.bytes(
                "{\"steps\": [{\"delay\": {\"value\": 1, \"unit\": \"days\"}}]}"
            )
        )
        #expect(schedule.sendWindow == .officeHours)
        #expect(schedule.holidays.isEmpty && schedule.followUps == 0)
        #expect(schedule.timeZonePolicy == .contactThenAssistant)
    }

    static func schedule(steps: String = "[{\"delay\": {\"value\": 1, \"unit\": \"days\"}}]", extra: String = "")
        -> String
    {
        "{\"steps\": \(steps)\(extra)}"
    }

    static func window(_ body: String) -> String { schedule(extra: ", \"sendWindow\": {\(body)}") }

    static let scheduleCases: [(String, String, String)] = [
        (schedule(steps: "[]"), "steps", "at least one step"),
        (
            schedule(
                steps: "["
                    + Array(repeating: "{\"delay\": {\"value\": 1, \"unit\": \"days\"}}", count: 21)
                    .joined(separator: ",") + "]"
            ), "steps", "at most 20"
        ),
        (schedule(steps: "[{}]"), "steps[0].delay", "is required"),
        (
            schedule(
                steps: "[{\"delay\": {\"value\": 1, \"unit\": \"days\"}}, "
                    + "{\"delay\": {\"value\": 1, \"unit\": \"weeks\"}}]"
            ),
            "steps[1].delay.unit", "must be one of"
        ),
        (schedule(steps: "[{\"delay\": {\"value\": -1, \"unit\": \"days\"}}]"), "steps[0].delay.value", "negative"),
        (
            schedule(steps: "[{\"delay\": {\"value\": 1.5, \"unit\": \"days\"}}]"), "steps[0].delay.value",
            "whole number"
        ),
        (
            schedule(steps: "[{\"delay\": {\"value\": \"3\", \"unit\": \"days\"}}]"), "steps[0].delay.value",
            "not a string"
        ),
        (
            schedule(steps: "[{\"delay\": {\"value\": 400, \"unit\": \"days\"}}]"), "steps[0].delay.value",
            "more than 365"
        ),
        (
            schedule(steps: "[{\"delay\": {\"value\": 1, \"unit\": \"days\", \"jitter\": 2}}]"),
            "steps[0].delay.jitter",
            "unknown key"
        ),
        (window("\"start\": \"9:00\", \"end\": \"17:00\", \"days\": [\"Mon\"]"), "sendWindow.start", "not a time"),
        (window("\"start\": \"09:00\", \"end\": \"25:00\", \"days\": [\"Mon\"]"), "sendWindow.end", "not a time"),
        (window("\"start\": \"09:00\", \"end\": \"08:59\", \"days\": [\"Mon\"]"), "sendWindow.end", "after the start"),
        (window("\"start\": \"09:00\", \"end\": \"09:00\", \"days\": [\"Mon\"]"), "sendWindow.end", "after the start"),
        (
            window("\"start\": \"09:00\", \"end\": \"17:00\", \"days\": [\"Mon\", \"Funday\"]"), "sendWindow.days[1]",
            "not a day"
        ),
        (
            window("\"start\": \"09:00\", \"end\": \"17:00\", \"days\": [\"Mon\", \"mon\"]"), "sendWindow.days[1]",
            "listed twice"
        ),
        (window("\"start\": \"09:00\", \"end\": \"17:00\", \"days\": []"), "sendWindow.days", "at least one day"),
        (window("\"start\": \"09:00\", \"days\": [\"Mon\"]"), "sendWindow.end", "is required"),
        (schedule(extra: ", \"holidays\": [\"2026-12-25\", \"2026-02-30\"]"), "holidays[1]", "not a date"),
        (schedule(extra: ", \"holidays\": [\"25/12/2026\"]"), "holidays[0]", "not a date"),
        (schedule(extra: ", \"holidays\": \"2026-12-25\""), "holidays", "must be a list"),
        (schedule(extra: ", \"followUps\": 3"), "followUps", "has 1 steps"),
        (schedule(extra: ", \"timeZonePolicy\": \"contact\""), "timeZonePolicy", "must be one of"),
        (schedule(extra: ", \"window\": {}"), "window", "unknown key"),
    ]

    @Test(arguments: scheduleCases)
    func scheduleErrorsPointAtTheField(json: String, path: String, words: String) {
        #expect {
            _ = try ScheduleDefinition.parse(json: Self.bytes(json))
        } throws: { error in
            guard let error = error as? DefinitionError else { return false }
            return error.path == path && error.problem.contains(words)
        }
    }

    @Test func errorDescriptionNamesThePath() {
        #expect(
            DefinitionError(path: "steps[2].subject", problem: "must not be empty").description
                == "steps[2].subject: must not be empty"
        )
    }
}

/// A JSON string literal for building test documents.
private func jsonLiteral(_ text: String) -> String {
    let data = (try? JSONEncoder().encode(text)) ?? Data()
    return String(decoding: data, as: UTF8.self)
}
