/// One HTTP request for `HTTPClient.execute(_:)`.
public struct HTTPClientRequest: Sendable {
    /// The method, for example `GET`, `POST`, `PUT` or `DELETE`.
    public var method: String
    /// The absolute URL, query string included.
    public var url: String
    /// Header fields in sending order; names are sent as given.
    public var headers: [(String, String)]
    /// The request body, if any.
    public var body: [UInt8]?
    /// Total time allowed for this request in seconds; nil uses the client's `requestTimeout`.
    public var timeout: Double?

    public init(
        method: String = "GET",
        url: String,
        headers: [(String, String)] = [],
        body: [UInt8]? = nil,
        timeout: Double? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
