import Foundation
import Postgres
import Testing

/// A string-backed enum, as Domain types will be.
enum ProbeState: String, PostgresEncodable, PostgresDecodable {
    case cold = "Cold"
    case warm = "Warm"
}

extension PostgresIntegrationTests {
    @Suite struct CodingTests {
        /// Sends `value` as `$1::type` and reads it back.
        func roundTrip<T: PostgresEncodable & PostgresDecodable & Sendable>(
            _ value: T,
            _ type: String
        ) async throws -> T {
            let database = try TestDatabase.shared()
            let box = UncheckedBox(value)
            return try await onThread {
                let connection = try database.connectOwner()
                defer { connection.close() }
                let rows = try connection.query("SELECT $1::\(type) AS value", [box.value])
                return try #require(rows.first).decode("value", as: T.self)
            }
        }

        @Test func stringsIncludingUnicodeAndQuotes() async throws {
            for text in ["", "plain", "ünïcødé 🚀 中文 עברית", "quote ' \" \\ back\nnew line\ttab"] {
                #expect(try await roundTrip(text, "text") == text)
            }
        }

        @Test func integersAtTheirLimits() async throws {
            #expect(try await roundTrip(Int.max, "bigint") == Int.max)
            #expect(try await roundTrip(Int.min, "bigint") == Int.min)
            #expect(try await roundTrip(Int64(-42), "bigint") == -42)
            #expect(try await roundTrip(Int32.max, "integer") == Int32.max)
            #expect(try await roundTrip(Int16.min, "smallint") == Int16.min)
            #expect(try await roundTrip(0, "integer") == 0)
        }

        @Test func booleansDoublesAndUUIDs() async throws {
            #expect(try await roundTrip(true, "boolean") == true)
            #expect(try await roundTrip(false, "boolean") == false)
            for number in [3.141592653589793, -0.1, 1e-300, 1.7976931348623157e308, .infinity, -.infinity] {
                #expect(try await roundTrip(number, "double precision") == number)
            }
            #expect(try await roundTrip(Double.nan, "double precision").isNaN)
            let id = UUID()
            #expect(try await roundTrip(id, "uuid") == id)
        }

        @Test func timestampsKeepMicroseconds() async throws {
            let dates = [
                Date(timeIntervalSince1970: 1_717_000_000.123456),
                Date(timeIntervalSince1970: -0.5),
                Date(timeIntervalSince1970: 951_782_400.000001),  // 2000-02-29
                Date(timeIntervalSince1970: 4_102_444_799.999999),
            ]
            for date in dates {
                let back = try await roundTrip(date, "timestamptz")
                #expect(abs(back.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.000_001)
            }
            #expect(try await roundTrip(Date.distantFuture, "timestamptz") == .distantFuture)
        }

        @Test func timestampTextWithOffsetsDecodes() throws {
            let expected = Date(timeIntervalSince1970: 1_709_274_600.25)  // 2024-03-01 06:30:00.25 UTC
            #expect(try Date(postgresText: "2024-03-01 12:00:00.25+05:30") == expected)
            #expect(try Date(postgresText: "2024-03-01 03:30:00.25-03") == expected)
            #expect(try Date(postgresText: "2024-03-01T06:30:00.250Z") == expected)
            #expect(throws: PostgresDecodingFailure.self) { try Date(postgresText: "yesterday") }
        }

        @Test func byteaAllByteValues() async throws {
            let bytes = (0...255).map { UInt8($0) } + [0, 0, 255]
            #expect(try await roundTrip(bytes, "bytea") == bytes)
            #expect(try await roundTrip([UInt8](), "bytea") == [])
        }

        @Test func jsonbDocuments() async throws {
            struct Payload: Codable, Equatable {
                let name: String
                let steps: [Int]
            }
            let payload = Payload(name: "Zoë 🚀", steps: [1, 2, 3])
            let back = try await roundTrip(try PostgresJSON(encoding: payload), "jsonb")
            #expect(try back.decode(as: Payload.self) == payload)
        }

        @Test func enumsBindAsRawValues() async throws {
            #expect(try await roundTrip(ProbeState.warm, "text") == .warm)
        }

        @Test func nullsDecodeAsNilAndFailAsNonOptional() async throws {
            let database = try TestDatabase.shared()
            let (text, number, error) = try await onThread {
                let connection = try database.connectOwner()
                defer { connection.close() }
                let none: String? = nil
                let row = try #require(
                    try connection.query("SELECT $1::text AS nothing, $2::int AS number", [none, Int?.none]).first
                )
                let text = try row.decode("nothing", as: String?.self)
                let number = try row.decode(1, as: Int?.self)
                var failure: PostgresError?
                do {
                    _ = try row.decode("nothing", as: String.self)
                } catch let error as PostgresError {
                    failure = error
                }
                return (text, number, failure)
            }
            #expect(text == nil)
            #expect(number == nil)
            #expect(error?.kind == .decoding)
            #expect(error?.message.contains("nothing") == true)
        }

        @Test func decodingErrorsNameColumnAndType() async throws {
            let database = try TestDatabase.shared()
            let error = try await onThread { () -> PostgresError? in
                let connection = try database.connectOwner()
                defer { connection.close() }
                let row = try #require(try connection.query("SELECT 'secret-ish'::text AS word").first)
                do {
                    _ = try row.decode("word", as: Int.self)
                    return nil
                } catch let error as PostgresError {
                    return error
                }
            }
            let failure = try #require(error)
            #expect(failure.kind == .decoding)
            #expect(failure.description.contains("\"word\""))
            #expect(failure.description.contains("Int"))
            #expect(!failure.description.contains("secret-ish"))
        }
    }
}

/// Carries a value the test knows is only used on one thread at a time.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
