import Foundation
import Testing

/// Rate limiting, fault injection, statistics and the control API's account creation.
@Suite("Sandbox limits and faults", .serialized)
struct SandboxLimitsTests {
    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let token = try await sandbox.token()
        _ = try await sandbox.control("PUT", "/accounts/1001/settings", body: "{\"rateLimit\":2}")
        var limited: TestResponse?
        for _ in 0..<10 {
            let response = try await sandbox.call("GET", "/users/current", token: token)
            if response.status == 429 {
                limited = response
                break
            }
        }
        let response = try #require(limited)
        let retryAfter = try #require(Int(response.headers["retry-after"] ?? ""))
        #expect(retryAfter >= 1)
        #expect(response.object?["message"] is String)
        let stats = try await sandbox.control("GET", "/stats").object
        let account = (stats?["accounts"] as? [String: Any])?["1001"] as? [String: Any]
        #expect((account?["rateLimited"] as? Int ?? 0) >= 1)
        #expect((account?["maxAcceptedPerSecond"] as? Int ?? 99) <= 4)
        _ = try await sandbox.control("PUT", "/accounts/1001/settings", body: "{\"rateLimit\":null}")
        #expect(try await sandbox.call("GET", "/users/current", token: token).status == 200)
    }

    @Test func errorShareAndDroppedConnections() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let token = try await sandbox.token()
        _ = try await sandbox.control(
            "PUT",
            "/accounts/1001/settings",
            body: "{\"faults\":{\"errorRate\":0.5,\"errorStatuses\":[502,503]}}"
        )
        var statuses: [Int] = []
        for _ in 0..<60 {
            statuses.append(try await sandbox.call("GET", "/users/current", token: token).status)
        }
        let failures = statuses.filter { $0 == 502 || $0 == 503 }.count
        #expect(failures > 10 && failures < 50)
        #expect(statuses.allSatisfy { [200, 502, 503].contains($0) })

        _ = try await sandbox.control(
            "PUT",
            "/accounts/1001/settings",
            body: "{\"faults\":{\"errorRate\":0,\"dropRate\":1}}"
        )
        await #expect(throws: (any Error).self) {
            _ = try await sandbox.call("GET", "/users/current", token: token)
        }
        #expect(try await sandbox.control("GET", "/accounts/1001/settings").status == 200)
        _ = try await sandbox.control("PUT", "/accounts/1001/settings", body: "{\"faults\":null}")
        #expect(try await sandbox.call("GET", "/users/current", token: token).status == 200)
        let stats = try await sandbox.control("GET", "/stats").object?["requests"] as? [String: Any]
        #expect(stats?["GET /v2/users/current"] != nil)
    }

    @Test func controlCreatesIsolatedAccounts() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let created = try await sandbox.control(
            "POST",
            "/accounts",
            body: "{\"clientId\":\"other\",\"clientSecret\":\"s\",\"statuses\":[\"Lead\",\"Assign to x in 7Targets\"]}"
        )
        #expect(created.status == 201)
        let accountId = try #require(created.object?["accountId"] as? Int)
        let bulk = try await sandbox.control("POST", "/accounts/\(accountId)/contacts", body: "{\"count\":3000}")
        #expect(bulk.status == 201)
        #expect((bulk.object?["contactIds"] as? [Int])?.count == 3000)
        let token = try await sandbox.token(accountId: accountId)
        let list = try await sandbox.call("GET", "/contacts?Limit=0", token: token)
        #expect(list.object?["totalCount"] as? Int == 3000)
        let demoToken = try await sandbox.token()
        #expect(
            try await sandbox.call("GET", "/contacts?Limit=0", token: demoToken).object?["totalCount"] as? Int == 100
        )
        let duplicate = try await sandbox.control(
            "POST",
            "/accounts",
            body: "{\"clientId\":\"other\",\"clientSecret\":\"s\"}"
        )
        #expect(duplicate.status == 409)
        #expect(try await sandbox.control("POST", "/reset").status == 200)
        #expect(try await sandbox.call("GET", "/contacts", token: demoToken).status == 401)
        #expect(try await sandbox.control("GET", "/accounts/\(accountId)").status == 404)
    }
}
