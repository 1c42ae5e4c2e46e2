/// One HTTP request as the server's handler sees it: the body is complete and the query is decoded.
public struct HTTPRequest: Sendable {
    /// The request method, upper case as sent (`GET`, `POST`…).
    public var method: String
    /// The path without the query string, percent-decoding left to the caller.
    public var path: String
    /// Decoded query arguments in the order sent; repeated keys appear once per occurrence.
    public var query: [(String, String)]
    /// Request headers keyed by lower-cased name; a repeated header keeps its last value.
    public var headers: [String: String]
    /// The raw request body.
    public var body: [UInt8]
    /// The peer's IP address as text, when known.
    public var remoteAddress: String?

    public init(
        method: String,
        path: String,
        query: [(String, String)] = [],
        headers: [String: String] = [:],
        body: [UInt8] = [],
        remoteAddress: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// Every value given for `name`, in order; with `caseInsensitive` the name matches in any casing.
    public func queryValues(_ name: String, caseInsensitive: Bool = false) -> [String] {
        if caseInsensitive {
            let wanted = name.lowercased()
            return query.compactMap { $0.0.lowercased() == wanted ? $0.1 : nil }
        }
        return query.compactMap { $0.0 == name ? $0.1 : nil }
    }

    /// The header `name` (any casing), if present.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}
