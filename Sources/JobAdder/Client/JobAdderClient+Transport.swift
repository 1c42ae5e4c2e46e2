import Foundation
import HTTPClient
import Shared

extension JobAdderClient {
    /// Sends `request` for `account` until it gets a 2xx answer or a failure that retrying here cannot fix.
    ///
    /// See the type's documentation for the failure rules. The loop always ends: 5xx and network failures
    /// are bounded by `maxAttempts`, 429s by `maxRateLimitRetries`, and 401 triggers at most one refresh.
    func send(_ request: JobAdderRequest, for account: JobAdderAccountKey) throws -> HTTPClientResponse {
        let log = logger.with(["org_id": account.description, "endpoint": request.template])
        var tokens = try usableTokens(for: account)
        var failures = 0
        var rateLimitWaits = 0
        var refreshed = false

        while true {
            try pacer.waitForTurn(account)
            let response: HTTPClientResponse
            do {
                response = try attempt(request, tokens: tokens)
            } catch let error as HTTPClientError {
                failures += 1
                guard failures < retryPolicy.maxAttempts else {
                    throw JobAdderError.network(endpoint: request.template, kind: error.kind, attempts: failures)
                }
                let delay = retryPolicy.backoff(beforeRetry: failures)
                log.debug("JobAdder request failed, retrying", ["kind": error.kind.rawValue, "delay": "\(delay)"])
                Thread.sleep(forTimeInterval: delay)
                continue
            }

            switch response.status {
            case 200...299:
                return response

            case 401:
                guard !refreshed else { throw JobAdderError.unauthorized(endpoint: request.template) }
                refreshed = true
                log.debug("JobAdder answered 401, refreshing the access token")
                tokens = try refreshTokens(for: account, rejected: tokens)

            case 429:
                rateLimitWaits += 1
                let hint = response.header("retry-after").flatMap { RetryAfter.seconds(from: $0) }
                let wait = hint ?? retryPolicy.backoff(beforeRetry: rateLimitWaits)
                pacer.didReceiveRateLimit(account, retryAfter: wait)
                guard rateLimitWaits <= retryPolicy.maxRateLimitRetries, wait <= retryPolicy.maxRetryAfter else {
                    throw JobAdderError.rateLimited(endpoint: request.template, retryAfter: hint)
                }
                log.debug("JobAdder rate limit, waiting", ["delay": "\(wait)"])
                Thread.sleep(forTimeInterval: wait)

            case 500...599:
                failures += 1
                guard failures < retryPolicy.maxAttempts else {
                    throw JobAdderError.serverError(
                        endpoint: request.template,
                        status: response.status,
                        attempts: failures
                    )
                }
                let delay = retryPolicy.backoff(beforeRetry: failures)
                log.debug("JobAdder server error, retrying", ["status": "\(response.status)", "delay": "\(delay)"])
                Thread.sleep(forTimeInterval: delay)

            default:
                throw Self.clientError(response, template: request.template)
            }
        }
    }

    /// One HTTP exchange with the account's token, recorded in the metrics whatever the outcome.
    private func attempt(_ request: JobAdderRequest, tokens: JobAdderTokens) throws -> HTTPClientResponse {
        var headers = [("Authorization", "Bearer " + tokens.accessToken), ("Accept", "application/json")]
        if request.body != nil {
            headers.append(("Content-Type", "application/json"))
        }
        let httpRequest = HTTPClientRequest(
            method: request.method,
            url: request.url(base: tokens.apiBaseURL),
            headers: headers,
            body: request.body
        )

        let started = ProcessInfo.processInfo.systemUptime
        do {
            let response = try http.execute(httpRequest)
            let seconds = ProcessInfo.processInfo.systemUptime - started
            JobAdderMetrics.record(endpoint: request.template, status: String(response.status), seconds: seconds)
            return response
        } catch let error as HTTPClientError {
            let seconds = ProcessInfo.processInfo.systemUptime - started
            JobAdderMetrics.record(endpoint: request.template, status: error.kind.rawValue, seconds: seconds)
            throw error
        }
    }

    /// The typed error for a 4xx answer other than 401 and 429.
    static func clientError(_ response: HTTPClientResponse, template: String) -> JobAdderError {
        let model = response.body.isEmpty ? nil : try? JSONDecoder().decode(ErrorModel.self, from: Data(response.body))
        switch response.status {
        case 404:
            return .notFound(endpoint: template)
        case 409:
            return .conflict(endpoint: template, model: model)
        case 422:
            return .unprocessable(endpoint: template, model: model)
        default:
            let summary = model?.description ?? bodySummary(response.body)
            return .clientError(endpoint: template, status: response.status, summary: summary)
        }
    }

    /// The start of a body as one line, for errors; JobAdder's error bodies carry no secrets of ours.
    private static func bodySummary(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return oneLine.isEmpty ? "no body" : oneLine
    }
}
