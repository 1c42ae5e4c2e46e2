import Foundation
import HTTPServer
import Shared
import Synchronization
import Testing

/// The HTTPServer module on its own: query decoding, headers, body limit, dropped connections, stop.
@Suite("Sandbox HTTP server", .serialized)
struct SandboxHTTPServerTests {
    @Test func decodesRequestsAndEnforcesBodyLimit() async throws {
        let seen = Mutex<HTTPRequest?>(nil)
        let server = try HTTPServer(
            port: 0,
            maxBodyBytes: 1024,
            threadCount: 2,
            logger: Logger(label: "http-test", logLevel: .error)
        ) { request in
            seen.withLock { $0 = request }
            if request.path == "/drop" { return .dropConnection() }
            return .json(200, "{\"ok\":true}").adding(header: "X-Test", "1")
        }
        defer { server.stop() }
        let client = TestClient()
        defer { client.invalidate() }
        let base = "http://127.0.0.1:\(server.port)"

        let response = try await client.send(
            "POST",
            base + "/echo?StatusId=1&statusid=2&Name=a%20b&UpdatedAt=%3E2025-01-01",
            headers: ["X-Custom": "Value"],
            body: "{\"a\":1}"
        )
        #expect(response.status == 200)
        #expect(response.headers["x-test"] == "1")
        let request = try #require(seen.withLock { $0 })
        #expect(request.method == "POST")
        #expect(request.path == "/echo")
        #expect(request.queryValues("StatusId", caseInsensitive: true) == ["1", "2"])
        #expect(request.queryValues("StatusId", caseInsensitive: false) == ["1"])
        #expect(request.queryValues("name", caseInsensitive: true) == ["a b"])
        #expect(request.queryValues("UpdatedAt") == [">2025-01-01"])
        #expect(request.headers["x-custom"] == "Value")
        #expect(request.body == Array("{\"a\":1}".utf8))
        #expect(request.remoteAddress == "127.0.0.1")

        seen.withLock { $0 = nil }
        let large = try await client.send("POST", base + "/big", body: String(repeating: "x", count: 4096))
        #expect(large.status == 413)
        #expect(large.object?["error"] is String)
        #expect(seen.withLock { $0 } == nil)

        await #expect(throws: (any Error).self) {
            _ = try await client.send("GET", base + "/drop")
        }
        #expect(try await client.send("GET", base + "/after").status == 200)
        server.stop()
        server.stop()
    }

    @Test func refusesTakenPort() throws {
        let logger = Logger(label: "http-test", logLevel: .error)
        let first = try HTTPServer(port: 0, maxBodyBytes: 10, threadCount: 1, logger: logger) { _ in .empty(204) }
        defer { first.stop() }
        #expect(throws: HTTPServerError.self) {
            _ = try HTTPServer(port: first.port, maxBodyBytes: 10, threadCount: 1, logger: logger) { _ in .empty(204) }
        }
    }
}
