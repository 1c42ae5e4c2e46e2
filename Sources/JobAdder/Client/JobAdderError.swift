import HTTPClient

/// Why a JobAdder call failed. `description` is safe to log: it names the endpoint template and JobAdder's
/// own error summary, never tokens, ids from the URL or request bodies.
public enum JobAdderError: Error, Sendable, CustomStringConvertible {
    /// 429 that could not be waited out within the retry policy; `retryAfter` is JobAdder's hint in seconds.
    case rateLimited(endpoint: String, retryAfter: Double?)
    /// 5xx on every attempt.
    case serverError(endpoint: String, status: Int, attempts: Int)
    /// No response on every attempt (connect failure, timeout, dropped connection).
    case network(endpoint: String, kind: HTTPClientError.Kind, attempts: Int)
    /// 401 again after a successful token refresh: the token is not accepted for this call.
    case unauthorized(endpoint: String)
    /// The refresh token was refused (`invalid_grant`): the org must reconnect JobAdder.
    case invalidGrant(reason: String)
    /// The token endpoint refused the request for another reason (for example `invalid_client`).
    case tokenRequestFailed(status: Int, error: String)
    /// No tokens are stored for the account, or it is marked as needing a reconnect.
    case notConnected(reason: String)
    /// 404: the record does not exist (or is not visible to this account).
    case notFound(endpoint: String)
    /// 409, with JobAdder's error body when it sent one.
    case conflict(endpoint: String, model: ErrorModel?)
    /// 422, with JobAdder's error body when it sent one.
    case unprocessable(endpoint: String, model: ErrorModel?)
    /// Any other 4xx; `summary` is the start of the body with anything token-like removed.
    case clientError(endpoint: String, status: Int, summary: String)
    /// A 2xx answer whose body could not be read.
    case invalidResponse(endpoint: String, reason: String)

    /// True for failures worth retrying later with the same input: rate limits, 5xx and network failures.
    public var isRetryable: Bool {
        switch self {
        case .rateLimited, .serverError, .network: true
        default: false
        }
    }

    /// True when only a new authorization by an org admin can fix the failure.
    public var needsReconnect: Bool {
        switch self {
        case .invalidGrant, .notConnected: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .rateLimited(let endpoint, let retryAfter):
            let hint = retryAfter.map { ", retry after \(Int($0.rounded(.up))) s" } ?? ""
            return "JobAdder rate limit on \(endpoint)\(hint)"
        case .serverError(let endpoint, let status, let attempts):
            return "JobAdder \(endpoint) answered \(status) (after \(attempts) attempts)"
        case .network(let endpoint, let kind, let attempts):
            return "JobAdder \(endpoint) unreachable: \(kind.rawValue) (after \(attempts) attempts)"
        case .unauthorized(let endpoint):
            return "JobAdder \(endpoint) refused the access token after a refresh (401)"
        case .invalidGrant(let reason):
            return "JobAdder refused the refresh token (\(reason)); reconnect needed"
        case .tokenRequestFailed(let status, let error):
            return "JobAdder token request failed: \(status) \(error)"
        case .notConnected(let reason):
            return "JobAdder not connected: \(reason)"
        case .notFound(let endpoint):
            return "JobAdder \(endpoint): not found (404)"
        case .conflict(let endpoint, let model):
            return "JobAdder \(endpoint): conflict (409) \(model?.description ?? "")"
        case .unprocessable(let endpoint, let model):
            return "JobAdder \(endpoint): rejected (422) \(model?.description ?? "")"
        case .clientError(let endpoint, let status, let summary):
            return "JobAdder \(endpoint) answered \(status): \(summary)"
        case .invalidResponse(let endpoint, let reason):
            return "JobAdder \(endpoint) sent an unreadable answer: \(reason)"
        }
    }
}
