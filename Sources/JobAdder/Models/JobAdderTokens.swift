import Foundation

/// The tokens and account facts JobAdder returns from `/connect/token`, as stored per connected account.
///
/// Decodes the token endpoint's response (`access_token`, `refresh_token`, `expires_in`, `api`, `instance`,
/// `account`) and also its own encoding, which adds `expires_at` so a stored copy keeps its expiry.
/// `instance` and `account` are accepted as strings or numbers. `description` never shows a token.
public struct JobAdderTokens: Codable, Sendable, Equatable, CustomStringConvertible {
    public var accessToken: String
    public var refreshToken: String
    public var tokenType: String
    /// Lifetime of the access token in seconds, as returned.
    public var expiresIn: Int
    /// When the access token expires, computed from `expiresIn` when the tokens were received.
    public var expiresAt: Date
    /// The account's API base URL (`api`), for example `https://api.jobadder.com/v2`; empty only in a
    /// refresh answer that left it out (the client then keeps the stored one).
    public var apiBaseURL: String
    public var instance: String?
    public var account: String?

    public init(
        accessToken: String,
        refreshToken: String,
        tokenType: String = "Bearer",
        expiresIn: Int,
        expiresAt: Date? = nil,
        apiBaseURL: String,
        instance: String? = nil,
        account: String? = nil
    ) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.expiresAt = expiresAt ?? Date().addingTimeInterval(Double(expiresIn))
        self.apiBaseURL = apiBaseURL
        self.instance = instance
        self.account = account
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case expiresAt = "expires_at"
        case apiBaseURL = "api"
        case instance
        case account
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accessToken = try container.decode(String.self, forKey: .accessToken)
        refreshToken = try container.decodeIfPresent(String.self, forKey: .refreshToken) ?? ""
        tokenType = try container.decodeIfPresent(String.self, forKey: .tokenType) ?? "Bearer"
        expiresIn = try container.decodeIfPresent(FlexibleInt.self, forKey: .expiresIn)?.value ?? 3600
        expiresAt = JobAdderDate.decode(container, .expiresAt) ?? Date().addingTimeInterval(Double(expiresIn))
        apiBaseURL = try container.decodeIfPresent(String.self, forKey: .apiBaseURL) ?? ""
        instance = try container.decodeIfPresent(FlexibleString.self, forKey: .instance)?.value
        account = try container.decodeIfPresent(FlexibleString.self, forKey: .account)?.value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accessToken, forKey: .accessToken)
        try container.encode(refreshToken, forKey: .refreshToken)
        try container.encode(tokenType, forKey: .tokenType)
        try container.encode(expiresIn, forKey: .expiresIn)
        try container.encode(Self.preciseTimestamp(expiresAt), forKey: .expiresAt)
        try container.encode(apiBaseURL, forKey: .apiBaseURL)
        try container.encodeIfPresent(instance, forKey: .instance)
        try container.encodeIfPresent(account, forKey: .account)
    }

    /// True when the access token expires within `margin` seconds.
    public func isExpiring(within margin: Double, now: Date = Date()) -> Bool {
        expiresAt.timeIntervalSince(now) <= margin
    }

    public var description: String {
        "JobAdderTokens(api: \(apiBaseURL), account: \(account ?? "-"), expiresAt: \(JobAdderDate.format(expiresAt)))"
    }

    private static func preciseTimestamp(_ date: Date) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down)
        let millis = Int(((date.timeIntervalSince1970 - whole) * 1000).rounded(.down))
        let base = JobAdderDate.format(date)
        return String(base.dropLast()) + String(format: ".%03dZ", millis)
    }
}
