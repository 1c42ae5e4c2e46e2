import Foundation
import Shared
import Testing

/// The configuration loader: every bad value is refused with an error naming its variable; nothing crashes.
struct EnvironmentTests {
    @Test func readsGoodValuesAndDefaults() throws {
        let environment = Environment([
            "A": " 42 ", "B": "2.5", "C": "yes", "D": "postgresql://u:p@db:5432/x",
            "K": String(repeating: "ab", count: 32),
        ])
        #expect(try environment.int("A", default: 1, in: 0...100) == 42)
        #expect(try environment.int("MISSING", default: 7, in: 0...100) == 7)
        #expect(try environment.seconds("B", default: 1, in: 0...10) == 2.5)
        #expect(try environment.bool("C", default: false))
        #expect(try environment.url("D", schemes: ["postgresql"]).host == "db")
        #expect(try environment.key("K", byteCount: 32).count == 32)
    }

    @Test func readableFileMustExist() throws {
        let existing = FileManager.default.temporaryDirectory.appendingPathComponent("ca-\(UUID().uuidString).pem")
        try Data("pem".utf8).write(to: existing)
        defer { try? FileManager.default.removeItem(at: existing) }
        let environment = Environment(["CA": existing.path, "GONE": "/nonexistent/ca.pem", "EMPTY": " "])
        #expect(try environment.readableFile("CA") == existing.path)
        #expect(try environment.readableFile("EMPTY") == nil)
        #expect(try environment.readableFile("UNSET") == nil)
        #expect {
            try environment.readableFile("GONE")
        } throws: { error in
            "\(error)".contains("GONE") && "\(error)".contains("not a readable file")
        }
    }

    @Test func urlErrorsNeverEchoTheValue() {
        let environment = Environment(["URL": "mysql://user:hunter2@db/x"])
        #expect {
            try environment.url("URL", schemes: ["postgresql"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("URL") && !text.contains("hunter2")
        }
    }

    @Test(arguments: 0..<8)
    func randomValuesAreAcceptedOrRefusedByName(seed: Int) {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefXYZ-+.:/@ %é\u{0}\n")
        for round in 0..<250 {
            let length = Int.random(in: 0...(round % 3 == 0 ? 5_000 : 40), using: &random)
            let value = String((0..<length).map { _ in alphabet.randomElement(using: &random) ?? "x" })
            let environment = Environment(["HANDOVER_X": value])
            let attempts: [() throws -> Void] = [
                { _ = try environment.string("HANDOVER_X") },
                { _ = try environment.int("HANDOVER_X", default: 1, in: 0...1_000) },
                { _ = try environment.seconds("HANDOVER_X", default: 1, in: 0...60) },
                { _ = try environment.bool("HANDOVER_X", default: true) },
                { _ = try environment.url("HANDOVER_X", schemes: ["amqp"]) },
                { _ = try environment.key("HANDOVER_X", byteCount: 32) },
            ]
            for attempt in attempts {
                do {
                    try attempt()
                } catch let error as ConfigurationError {
                    #expect(error.variable == "HANDOVER_X")
                    #expect(error.description.hasPrefix("configuration error: HANDOVER_X"))
                } catch {
                    Issue.record("unexpected error type \(type(of: error)) (seed \(seed))")
                }
            }
        }
    }
}
