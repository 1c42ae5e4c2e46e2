/// How a sandbox is started: address, seed data and the defaults every account inherits.
public struct SandboxConfiguration: Sendable {
    /// Data loaded at start and after `POST /_sandbox/reset`.
    public enum Seed: String, Sendable {
        case none
        case demo
    }

    public var host: String = "127.0.0.1"
    /// 0 picks a free port.
    public var port: UInt16 = 0
    public var seed: Seed = .none
    /// Default requests per second per account (nil: unlimited).
    public var rateLimit: Double?
    public var accessTokenTTLSeconds: Int = 3600
    /// Authorization codes live 5 minutes in JobAdder; tests shorten it.
    public var authorizationCodeTTLSeconds: Int = 300
    public var webhookRetrySeconds: Double = 300
    /// Per-delivery timeout (JobAdder documents 100 s).
    public var webhookTimeoutSeconds: Double = 100
    public var threadCount: Int = 16
    public var maxBodyBytes: Int = 32 * 1024 * 1024

    public init() {}
}
