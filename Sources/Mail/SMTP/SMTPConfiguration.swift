/// Where and how `SMTPSender` delivers: the relay URL, optional AUTH credentials, TLS policy and timeouts.
///
/// `description` never shows the password.
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    /// `smtp://host:port` (STARTTLS per `requireTLS`) or `smtps://host:port` (TLS from the first byte).
    /// A path names the EHLO domain, for example `smtp://relay.example:587/agency.example`.
    public var url: String
    public var username: String?
    public var password: String?
    /// For `smtp://`: true requires STARTTLS (`CURLUSESSL_ALL`, fail if the relay does not offer it);
    /// false upgrades when offered (`CURLUSESSL_TRY`). `smtps://` is always TLS.
    public var requireTLS: Bool
    /// A PEM file of the certificate authorities to trust for the relay's certificate instead of the
    /// system's (a private relay with its own CA). The certificate is always verified.
    public var caFile: String?
    /// Limit for one whole send (connect, envelope, data and final reply).
    public var timeout: Duration
    /// Limit for establishing a new connection (TCP, TLS and greeting).
    public var connectTimeout: Duration

    public init(
        url: String,
        username: String? = nil,
        password: String? = nil,
        requireTLS: Bool = true,
        caFile: String? = nil,
        timeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(15)
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.requireTLS = requireTLS
        self.caFile = caFile
        self.timeout = timeout
        self.connectTimeout = connectTimeout
    }

    public var description: String {
        let auth = username.map { " user=\($0) password=\(password == nil ? "none" : "<redacted>")" } ?? ""
        return "SMTPConfiguration(url=\(url)\(auth) requireTLS=\(requireTLS))"
    }

    /// A duration in whole milliseconds, at least 1, for curl's `_MS` options.
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
