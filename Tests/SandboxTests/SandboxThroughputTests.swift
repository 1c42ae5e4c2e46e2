import Foundation
import Synchronization
import Testing

/// Prints requests/s for the two hot endpoints with 16 concurrent keep-alive URLSession clients.
@Suite("Sandbox throughput", .serialized)
struct SandboxThroughputTests {
    @Test func hotEndpointsThroughput() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let token = try await sandbox.token()
        let ids = try await sandbox.call("GET", "/contacts?Limit=16", token: token).items.compactMap {
            $0["contactId"] as? Int
        }
        let get = try await measure(sandbox: sandbox, seconds: 3) { worker in
            try await sandbox.call("GET", "/contacts/\(ids[worker % ids.count])", token: token).status
        }
        print("sandbox throughput: GET /v2/contacts/{id}: \(get.rate) req/s (\(get.count) in 3 s, 16 clients)")
        let body = "{\"text\":\"Subject: hi\\n\\nbody\",\"type\":\"Email Sent\",\"reference\":\"<m@x>\"}"
        let post = try await measure(sandbox: sandbox, seconds: 3) { worker in
            try await sandbox.call("POST", "/contacts/\(ids[worker % ids.count])/notes", token: token, body: body)
                .status
        }
        print("sandbox throughput: POST /v2/contacts/{id}/notes: \(post.rate) req/s (\(post.count) in 3 s, 16 clients)")
        #expect(get.failures == 0)
        #expect(post.failures == 0)
        #expect(get.count > 0 && post.count > 0)
    }

    private func measure(
        sandbox: SandboxHarness,
        seconds: Double,
        _ call: @escaping @Sendable (Int) async throws -> Int
    ) async throws -> (count: Int, failures: Int, rate: Int) {
        let deadline = Date().addingTimeInterval(seconds)
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for worker in 0..<16 {
                group.addTask {
                    var count = 0
                    var failures = 0
                    while Date() < deadline {
                        let status = try await call(worker)
                        count += 1
                        if !(200..<300).contains(status) { failures += 1 }
                    }
                    return (count, failures)
                }
            }
            var total = (0, 0)
            for try await result in group {
                total = (total.0 + result.0, total.1 + result.1)
            }
            return total
        }
        return (results.0, results.1, Int(Double(results.0) / seconds))
    }
}
