/// The answer to an `HTTPClientRequest`: status, header fields and the whole body.
public struct HTTPClientResponse: Sendable {
    /// The HTTP status code of the final response.
    public var status: Int
    /// Header fields keyed by lowercased name; repeated fields are joined with ", ".
    public var headers: [String: String]
    /// The response body.
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of a header field, looked up case-insensitively.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// The body decoded as UTF-8 (invalid sequences repaired).
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }
}
