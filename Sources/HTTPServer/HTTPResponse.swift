import Shared

/// What a handler answers: a status, headers in order and a body.
///
/// A response made by `dropConnection()` is never sent: the server closes the connection instead,
/// which lets callers simulate a peer that vanishes mid-request.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// True when the server should close the connection without answering.
    public private(set) var dropsConnection: Bool = false

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer; `text` must already be valid JSON.
    public static func json(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: [("Content-Type", "application/json; charset=utf-8")],
            body: Array(text.utf8)
        )
    }

    /// A plain-text answer.
    public static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    /// An answer with no body.
    public static func empty(_ status: Int) -> HTTPResponse {
        HTTPResponse(status: status)
    }

    /// A 302 to `location`.
    public static func redirect(_ location: String) -> HTTPResponse {
        HTTPResponse(status: 302, headers: [("Location", location)])
    }

    /// A JSON error body `{"error": message}` with `status`.
    public static func jsonError(_ status: Int, _ message: String) -> HTTPResponse {
        json(status, "{\"error\":" + JSONText.quote(message) + "}")
    }

    /// A pseudo-response telling the server to close the connection without answering.
    public static func dropConnection() -> HTTPResponse {
        var response = HTTPResponse(status: 0)
        response.dropsConnection = true
        return response
    }

    /// The same response with one more header.
    public func adding(header name: String, _ value: String) -> HTTPResponse {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }
}
