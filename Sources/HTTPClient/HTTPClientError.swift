/// A request that produced no HTTP response: the connection failed, timed out or was cut.
///
/// HTTP error statuses are not errors at this level; they come back as responses. The URL's query string is
/// redacted from `message`, so the description can be logged.
public struct HTTPClientError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, coarsely, for retry decisions.
    public enum Kind: String, Sendable {
        /// The host could not be resolved or the TCP/TLS connection could not be made.
        case connect
        /// The connect or request timeout passed.
        case timeout
        /// The connection was closed or reset before a complete response arrived.
        case connectionDropped
        /// Anything else (bad URL, TLS verification, a libcurl failure).
        case other
    }

    public let kind: Kind
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String {
        "HTTP request failed (\(kind.rawValue)): \(message)"
    }

    /// `url` with its query string and any user information replaced, safe for messages.
    public static func redacted(_ url: String) -> String {
        var text = url
        if let query = text.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            text = String(text[..<query]) + "?…"
        }
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") {
            let slash = text[scheme.upperBound...].firstIndex(of: "/") ?? text.endIndex
            if at < slash {
                text = String(text[..<scheme.upperBound]) + "…@" + String(text[text.index(after: at)...])
            }
        }
        return text
    }
}
