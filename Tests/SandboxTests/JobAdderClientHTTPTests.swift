import Foundation
import HTTPClient
import HTTPServer
import Shared
import Synchronization
import Testing

/// `HTTPClient` against a plain in-process `HTTPServer`: methods, bodies, headers, keep-alive and failures.
@Suite struct JobAdderClientHTTPTests {
    /// Echoes what it received as JSON-ish text, or misbehaves on special paths.
    private static func makeServer() throws -> HTTPServer {
        let logger = Logger(label: "test", logLevel: .error)
        return try HTTPServer(port: 0, maxBodyBytes: 1 << 20, threadCount: 4, logger: logger) { request in
            switch request.path {
            case "/slow":
                Thread.sleep(forTimeInterval: 2)
                return .text(200, "late")
            case "/drop":
                return .dropConnection()
            case "/status/503":
                return .empty(503).adding(header: "X-Reason", "busy")
            default:
                let query = request.query.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
                let text =
                    "\(request.method) \(request.path) q=\(query) ct=\(request.header("content-type") ?? "-") "
                    + "body=\(String(decoding: request.body, as: UTF8.self))"
                return .text(200, text).adding(header: "X-Echo", "yes")
            }
        }
    }

    @Test func sendsMethodsBodiesAndHeaders() async throws {
        try await BlockingWork.run {
            let server = try Self.makeServer()
            defer { server.stop() }
            let client = HTTPClient(maxConnections: 4)
            let base = "http://127.0.0.1:\(server.port)"

            let get = try client.execute(HTTPClientRequest(url: base + "/a?x=1&y=%3E2"))
            #expect(get.status == 200)
            #expect(get.bodyText == "GET /a q=x=1&y=>2 ct=- body=")
            #expect(get.header("X-ECHO") == "yes")
            #expect(get.headers["x-echo"] == "yes")

            let post = try client.execute(
                HTTPClientRequest(
                    method: "POST",
                    url: base + "/p",
                    headers: [("Content-Type", "application/json")],
                    body: Array("{\"a\":1}".utf8)
                )
            )
            #expect(post.bodyText == "POST /p q= ct=application/json body={\"a\":1}")

            let put = try client.execute(HTTPClientRequest(method: "PUT", url: base + "/u", body: Array("x".utf8)))
            #expect(put.bodyText.hasPrefix("PUT /u q= "))
            #expect(put.bodyText.hasSuffix("body=x"))

            let emptyPut = try client.execute(HTTPClientRequest(method: "PUT", url: base + "/e"))
            #expect(emptyPut.bodyText.hasPrefix("PUT /e"))

            let delete = try client.execute(HTTPClientRequest(method: "DELETE", url: base + "/d"))
            #expect(delete.bodyText.hasPrefix("DELETE /d"))

            let large = [UInt8](repeating: UInt8(ascii: "z"), count: 200_000)
            let big = try client.execute(HTTPClientRequest(method: "POST", url: base + "/big", body: large))
            #expect(big.bodyText.hasSuffix(String(repeating: "z", count: 10)))
            #expect(big.body.count > 200_000)

            let unavailable = try client.execute(HTTPClientRequest(url: base + "/status/503"))
            #expect(unavailable.status == 503)
            #expect(unavailable.header("x-reason") == "busy")
        }
    }

    @Test func reusesConnections() async throws {
        try await BlockingWork.run {
            let server = try Self.makeServer()
            defer { server.stop() }
            let client = HTTPClient(maxConnections: 2)
            for index in 0..<50 {
                let response = try client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/r/\(index)"))
                #expect(response.status == 200)
            }
            #expect(client.connectionsOpened <= 2)
        }
    }

    @Test func limitsConcurrentRequests() async throws {
        try await BlockingWork.run {
            let server = try Self.makeServer()
            defer { server.stop() }
            let client = HTTPClient(maxConnections: 3)
            let url = "http://127.0.0.1:\(server.port)/c"
            let failures = Mutex(0)
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                for _ in 0..<25 {
                    if (try? client.execute(HTTPClientRequest(url: url)))?.status != 200 {
                        failures.withLock { $0 += 1 }
                    }
                }
            }
            #expect(failures.withLock { $0 } == 0)
            #expect(client.connectionsOpened <= 3)
        }
    }

    @Test func reportsTimeoutDropAndRefusedConnections() async throws {
        try await BlockingWork.run {
            let server = try Self.makeServer()
            let port = server.port
            let client = HTTPClient(maxConnections: 2, connectTimeout: 2, requestTimeout: 10)

            let timedOut = #expect(throws: HTTPClientError.self) {
                try client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/slow?token=secret", timeout: 0.3))
            }
            #expect(timedOut?.kind == .timeout)
            #expect(timedOut?.description.contains("secret") == false)

            let dropped = #expect(throws: HTTPClientError.self) {
                try client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/drop"))
            }
            #expect(dropped?.kind == .connectionDropped)

            server.stop()
            let refused = #expect(throws: HTTPClientError.self) {
                try client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/gone"))
            }
            #expect(refused?.kind == .connect)
        }
    }

    @Test func redactsQueryAndUserInfo() {
        #expect(HTTPClientError.redacted("https://u:p@h.example/x?code=abc") == "https://…@h.example/x?…")
        #expect(HTTPClientError.redacted("http://h/p") == "http://h/p")
    }
}
