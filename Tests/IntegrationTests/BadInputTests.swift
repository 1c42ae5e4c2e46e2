import Foundation
import HTTPClient
import Harness
import Testing

/// Bad input at every edge gets a clear error, nothing crashes, and nothing accepted is lost.
/// Inputs are generated from a seeded generator, so a failure can be replayed.
@Suite(.serialized)
struct BadInputTests {
    /// A small deterministic generator (SplitMix64) so failures reproduce.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `seed` mutated: bytes flipped, cut short, chunks duplicated or junk inserted.
    static func mutate(_ seed: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !bytes.isEmpty else { break }
            let position = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes = Array(bytes[..<position])
            case 2: bytes.insert(contentsOf: bytes[position...].prefix(20), at: position)
            case 3:
                bytes.insert(contentsOf: (0..<8).map { _ in UInt8.random(in: 0...255, using: &random) }, at: position)
            default: bytes.remove(at: position)
            }
        }
        return bytes
    }

    @Test func webhookEndpointAnswersEveryBadDeliveryClearlyAndLosesNothingAccepted() throws {
        let stack = try HandoverStack(name: "badwebhook")
        defer { stack.shutdown() }
        try stack.startConnected()
        let credentials = try stack.webhookCredentials()
        let url = "http://127.0.0.1:\(stack.ports["ingest"] ?? 0)/webhooks/jobadder"
        func post(_ body: [UInt8], id: String?, authorization: String?) throws -> HTTPClientResponse {
            var headers = [("Content-Type", "application/json")]
            if let id { headers.append(("x-jobadder-webhookid", id)) }
            if let authorization { headers.append(("authorization", authorization)) }
            return try stack.http.execute(HTTPClientRequest(method: "POST", url: url, headers: headers, body: body))
        }
        let valid = Array(
            """
            {"apiVersion":2,"event":"contact_status_changed","eventId":"e-seed","eventDate":"2026-12-03T10:00:00Z",
             "eventData":{"contactId":5}}
            """.utf8
        )

        #expect(try post(valid, id: nil, authorization: credentials.authorization).status == 401)
        #expect(try post(valid, id: "not-ours", authorization: credentials.authorization).status == 401)
        #expect(try post(valid, id: credentials.id, authorization: "Bearer wrong").status == 401)
        #expect(try post(valid, id: credentials.id, authorization: nil).status == 401)
        #expect(
            try post(
                Array(repeating: UInt8(ascii: "a"), count: 70_000),
                id: credentials.id,
                authorization: credentials.authorization
            ).status == 413
        )

        var random = SeededGenerator(state: 20261203)
        var accepted: Set<String> = []
        for round in 0..<400 {
            var body = Self.mutate(valid, using: &random)
            if round % 4 == 0 {
                // Keep it valid JSON but change the event id so accepted ones can be counted.
                let event: [String: Any] = [
                    "apiVersion": 2, "event": "contact_status_changed", "eventId": "e-\(round)",
                    "eventData": ["contactId": round],
                ]
                body = [UInt8](try JSONSerialization.data(withJSONObject: event))
            }
            let response = try post(body, id: credentials.id, authorization: credentials.authorization)
            #expect([200, 400].contains(response.status), "round \(round) answered \(response.status)")
            let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            if response.status == 400 {
                #expect((json?["error"] as? String)?.isEmpty == false, "a 400 says what is wrong")
            } else if json?["accepted"] as? Bool == true, json?["duplicate"] == nil,
                let text = String(bytes: body, encoding: .utf8),
                let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                let eventID = object["eventId"] as? String
            {
                accepted.insert(eventID)
            }
        }
        let health = try stack.http.execute(
            .init(method: "GET", url: "http://127.0.0.1:\(stack.ports["ingest"] ?? 0)/healthz")
        )
        #expect(health.status == 200, "ingest is still serving")
        let stored = Set(
            try stack.query("SELECT event_id FROM webhook_events").map { try $0.decode("event_id", as: String.self) }
        )
        #expect(accepted.isSubset(of: stored), "every delivery answered 200 was stored")
        #expect(accepted.count >= 100)
    }

    @Test func inboundMailEndpointNeverFailsOnMalformedMail() throws {
        let stack = try HandoverStack(name: "badmail")
        defer { stack.shutdown() }
        try stack.createOrgWithAssistants()
        try stack.start("nurture")
        let url = "http://127.0.0.1:\(stack.ports["nurture"] ?? 0)/inbound/email"
        let seed = Array(
            """
            From: Someone <someone@example.org>\r
            To: ashley@demo.7ts-e.com\r
            Subject: =?utf-8?B?UmU6IEhlbGxv?=\r
            Message-ID: <m1@example.org>\r
            In-Reply-To: <unknown@example.org>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/alternative; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain; charset=iso-8859-1\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Caf=E9 on Tuesday?\r
            --b--\r
            """.utf8
        )
        var random = SeededGenerator(state: 42)
        var statuses: [Int: Int] = [:]
        for _ in 0..<300 {
            let response = try stack.http.execute(
                HTTPClientRequest(
                    method: "POST",
                    url: url,
                    headers: [("Content-Type", "message/rfc822")],
                    body: Self.mutate(seed, using: &random)
                )
            )
            statuses[response.status, default: 0] += 1
            #expect([400, 422].contains(response.status), "got \(response.status)")
        }
        let empty = try stack.http.execute(HTTPClientRequest(method: "POST", url: url, body: []))
        #expect(empty.status == 400)
        let health = try stack.http.execute(
            .init(method: "GET", url: "http://127.0.0.1:\(stack.ports["nurture"] ?? 0)/healthz")
        )
        #expect(health.status == 200, "nurture is still serving")
        print("inbound mail fuzz: answers \(statuses.sorted { $0.key < $1.key })")
    }

    @Test func cliRejectsMalformedDefinitionFilesWithAClearError() throws {
        let stack = try HandoverStack(name: "badcli")
        defer { stack.shutdown() }
        try stack.cli(["orgs", "create", "--slug", "acme", "--name", "Acme"])
        let seed = Array(
            """
            {"steps": [{"delay": {"value": 0, "unit": "hours"}}],
             "sendWindow": {"start": "09:00", "end": "17:00", "days": ["Mon","Tue"]}, "holidays": ["2026-12-25"]}
            """.utf8
        )
        var random = SeededGenerator(state: 7)
        let file = stack.logDirectory.appendingPathComponent("fuzz.json")
        var rejected = 0
        for _ in 0..<60 {
            try Data(Self.mutate(seed, using: &random)).write(to: file)
            let output = try stack.cli(
                ["schedules", "apply", "--org", "acme", "--name", "fuzz", "--file", file.path],
                expectSuccess: false
            )
            if output.contains("error:") {
                rejected += 1
                #expect(output.contains(file.path), "the error names the file")
            } else {
                #expect(output.contains("saved schedule"))
            }
        }
        #expect(rejected > 30)
        let missing = try stack.cli(["schedules", "apply", "--org", "acme", "--name", "x"], expectSuccess: false)
        #expect(missing.contains("missing --file"))
    }

    @Test func workersRefuseToStartWithBadConfigurationAndNameTheVariable() throws {
        let cases: [(String, String)] = [
            ("HANDOVER_PREFETCH", "lots"), ("HANDOVER_DATABASE_URL", "mysql://x"), ("HANDOVER_SECRET_KEY", "short"),
            ("HANDOVER_HTTP_PORT", "70000"), ("HANDOVER_POLL_INTERVAL_SECONDS", "-1"),
        ]
        let stack = try HandoverStack(name: "badconfig")
        defer { stack.shutdown() }
        for (variable, value) in cases {
            var environment = stack.environment
            environment[variable] = value
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "\(HandoverStack.binaries)/ingest")
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus == 1, "\(variable)")
            #expect(output.contains(variable), "the error names \(variable): \(output)")
        }
    }
}
