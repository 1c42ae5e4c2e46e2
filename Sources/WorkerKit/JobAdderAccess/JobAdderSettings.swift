import Foundation
import HTTPClient
import JobAdder
import Shared

/// How this deployment reaches JobAdder: the OAuth app's credentials and URLs, and the key that seals
/// tokens at rest. Shared by `ingest`, `writeback` and the CLI.
public struct JobAdderSettings: Sendable {
    public var clientID: String
    public var clientSecret: String
    public var authorizeURL: String
    public var tokenURL: String
    /// Where JobAdder sends the browser back after consent: ingest's `/oauth/callback`.
    public var redirectURI: String
    /// Where JobAdder posts webhook deliveries: ingest's `/webhooks/jobadder`.
    public var webhookURL: String
    /// Seals OAuth tokens and webhook secrets in the database (libsodium secretbox).
    public var secretKey: [UInt8]
    /// Signs OAuth `state`, unsubscribe and tracking links (HMAC-SHA256).
    public var signingKey: [UInt8]
    /// Requests per second for an account whose pace was never set.
    public var defaultRequestsPerSecond: Double

    public init(environment: Environment) throws {
        clientID = try environment.string("HANDOVER_JOBADDER_CLIENT_ID")
        clientSecret = try environment.string("HANDOVER_JOBADDER_CLIENT_SECRET")
        authorizeURL = try environment.url(
            "HANDOVER_JOBADDER_AUTHORIZE_URL",
            schemes: ["http", "https"],
            default: "https://id.jobadder.com/connect/authorize"
        ).absoluteString
        tokenURL = try environment.url(
            "HANDOVER_JOBADDER_TOKEN_URL",
            schemes: ["http", "https"],
            default: "https://id.jobadder.com/connect/token"
        ).absoluteString
        redirectURI = try environment.url("HANDOVER_JOBADDER_REDIRECT_URI", schemes: ["http", "https"]).absoluteString
        webhookURL = try environment.url("HANDOVER_JOBADDER_WEBHOOK_URL", schemes: ["http", "https"]).absoluteString
        secretKey = try environment.key("HANDOVER_SECRET_KEY", byteCount: 32)
        signingKey = try environment.key("HANDOVER_SIGNING_KEY", byteCount: 32)
        defaultRequestsPerSecond = Double(
            try environment.int("HANDOVER_JOBADDER_DEFAULT_RPS", default: 5, in: 1...100_000)
        )
    }

    public var oauth: JobAdderOAuth {
        JobAdderOAuth(
            clientID: clientID,
            clientSecret: clientSecret,
            authorizeURL: authorizeURL,
            tokenURL: tokenURL,
            redirectURI: redirectURI,
            scopes: ["read", "write", "offline_access"]
        )
    }
}
