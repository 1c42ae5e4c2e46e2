import Foundation
import HTTPClient
import JobAdder
import Testing

/// How `JobAdderClient` rides out what JobAdder does wrong: expired tokens, 429, 5xx, latency, dropped
/// connections, revoked access and concurrent refreshes.
@Suite struct JobAdderClientFailureTests {
    /// Connects with short-lived access tokens that the client believes are good for an hour, so the first
    /// call after `accessTokenTTL` seconds meets a real 401. Refreshed tokens live an hour.
    private func connectWithExpiringToken(_ sandbox: ClientSandbox, _ store: InMemoryTokenStore) throws
        -> JobAdderAccountKey
    {
        try sandbox.settings("{\"accessTokenTTL\":1}")
        let (account, tokens) = try sandbox.connect(store)
        var believed = tokens
        believed.expiresAt = Date().addingTimeInterval(3600)
        store.connect(account, tokens: believed)
        try sandbox.settings("{\"accessTokenTTL\":3600}")
        Thread.sleep(forTimeInterval: 1.3)
        return account
    }

    @Test func refreshesTransparentlyAfterAccessTokenExpiry() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        try await BlockingWork.run {
            let store = InMemoryTokenStore()
            let account = try connectWithExpiringToken(sandbox, store)
            let before = try store.currentTokens(for: account)
            let client = sandbox.makeClient(store)

            let user = try client.currentUser(for: account)
            #expect(user.userId > 0)
            #expect(store.rotationCount == 1)
            let after = try store.currentTokens(for: account)
            #expect(after.refreshToken != before.refreshToken)
            #expect(try sandbox.requestCount("GET /v2/users/current", status: 401) == 1)
            _ = try client.currentUser(for: account)
            #expect(store.rotationCount == 1)
        }
    }

    @Test func refreshesAheadOfExpiryWithoutA401() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        try await BlockingWork.run {
            let store = InMemoryTokenStore()
            let (account, tokens) = try sandbox.connect(store)
            var expiring = tokens
            expiring.expiresAt = Date().addingTimeInterval(10)
            store.connect(account, tokens: expiring)

            _ = try sandbox.makeClient(store).currentUser(for: account)
            #expect(store.rotationCount == 1)
            #expect(try sandbox.requestCount("GET /v2/users/current", status: 401) == 0)
        }
    }

    @Test func revokedAuthorizationMarksTheAccountForReconnect() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        try await BlockingWork.run {
            let store = InMemoryTokenStore()
            let (account, _) = try sandbox.connect(store)
            let client = sandbox.makeClient(store)
            try sandbox.control("POST", "/revoke-tokens")

            let error = #expect(throws: JobAdderError.self) { try client.currentUser(for: account) }
            #expect(error?.needsReconnect == true)
            #expect(error?.isRetryable == false)
            #expect(store.reconnectReason(for: account)?.contains("invalid_grant") == true)
            let next = #expect(throws: JobAdderError.self) { try client.currentUser(for: account) }
            guard case .notConnected = next else {
                Issue.record("expected notConnected, got \(String(describing: next))")
                return
            }
        }
    }

    @Test func waitsOutRetryAfterOn429() async throws {
        let sandbox = try ClientSandbox(rateLimit: 1)
        defer { sandbox.stop() }
        try await BlockingWork.run {
            let store = InMemoryTokenStore()
            let (account, _) = try sandbox.connect(store)
            let client = sandbox.makeClient(store)
            _ = try client.currentUser(for: account)

            let started = ProcessInfo.processInfo.systemUptime
            _ = try client.currentUser(for: account)
            let waited = ProcessInfo.processInfo.systemUptime - started
            let limited = try sandbox.requestCount("GET /v2/users/current", status: 429)
            print("429 handling: \(limited) rate-limited answer(s), call completed after \(waited) s")
            #expect(limited >= 1)
            #expect(waited >= 0.95)
            #expect(waited < 10)

            let impatient = sandbox.makeClient(store, retryPolicy: JobAdderRetryPolicy(maxRetryAfter: 0.5))
            let error = #expect(throws: JobAdderError.self) {
                for _ in 0..<3 { _ = try impatient.currentUser(for: account) }
            }
            guard case .rateLimited(_, let retryAfter) = error else {
                Issue.record("expected rateLimited, got \(String(describing: error))")
                return
            }
            #expect(retryAfter == 1)
            #expect(error?.isRetryable == true)
        }
    }

    @Test func retriesServerErrorsUntilTheyPass() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        try await BlockingWork.run {
            let store = InMemoryTokenStore()
            let (account, _) = try sandbox.connect(store)
            let contactID = try #require(try sandbox.addContacts(count: 1).first)
            // 40% failures: a call fails all 12 attempts with odds of 0.4^12 (under one in 50,000), and 40
            // calls see more than five failures all but surely.
            try sandbox.settings("{\"faults\":{\"errorRate\":0.4,\"errorStatuses\":[500,502,503]}}")
            let client = sandbox.makeClient(store, retryPolicy: JobAdderRetryPolicy(maxAttempts: 12, baseDelay: 0.01))

            for _ in 0..<40 {
                #expect(try client.contact(contactID, for: account).contactId == contactID)
            }
            let failures = try [500, 502, 503].reduce(0) {
                $0 + (try sandbox.requestCount("GET /v2/contacts/{id}", status: $1))
            }
            #expect(failures > 5)

            try sandbox.settings("{\"faults\":{\"errorRate\":1}}")
            let strict = sandbox.makeClient(store, retryPolicy: JobAdderRetryPolicy(maxAttempts: 2, baseDelay: 0.01))
            let error = #expect(throws: JobAdderError.self) { try strict.contact(contactID, for: account) }
            guard case .serverError(_, _, let attempts) = error else {
                Issue.record("expected serverError, got \(String(describing: error))")
                return
            }
            #expect(attempts == 2 && error?.isRetryable == true)
        }
    }

    @Test func toleratesAddedLatency() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        try await BlockingWork.run {
            let store = InMemoryTokenStore()
            let (account, _) = try sandbox.connect(store)
            try sandbox.settings("{\"faults\":{\"latencyMs\":300}}")
            let client = sandbox.makeClient(store)
            let started = ProcessInfo.processInfo.systemUptime
            _ = try client.currentUser(for: account)
            #expect(ProcessInfo.processInfo.systemUptime - started >= 0.29)
        }
    }

    @Test func retriesDroppedConnections() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        try await BlockingWork.run {
            let store = InMemoryTokenStore()
            let (account, _) = try sandbox.connect(store)
            let contactID = try #require(try sandbox.addContacts(count: 1).first)
            try sandbox.settings("{\"faults\":{\"dropRate\":0.4}}")
            let client = sandbox.makeClient(store, retryPolicy: JobAdderRetryPolicy(maxAttempts: 12, baseDelay: 0.01))

            for _ in 0..<30 {
                #expect(try client.contact(contactID, for: account).contactId == contactID)
            }
            #expect(try sandbox.requestCount("GET /v2/contacts/{id}", status: 0) > 3)

            try sandbox.settings("{\"faults\":{\"dropRate\":1}}")
            let strict = sandbox.makeClient(store, retryPolicy: JobAdderRetryPolicy(maxAttempts: 2, baseDelay: 0.01))
            let error = #expect(throws: JobAdderError.self) { try strict.contact(contactID, for: account) }
            guard case .network(_, let kind, _) = error else {
                Issue.record("expected network, got \(String(describing: error))")
                return
            }
            #expect(kind == .connectionDropped && error?.isRetryable == true)
        }
    }

    @Test func concurrentRefreshesInOneProcessRotateOnce() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        let store = InMemoryTokenStore()
        let account = try await BlockingWork.run { try connectWithExpiringToken(sandbox, store) }
        let client = sandbox.makeClient(store)
        let tokenCallsBefore = try await BlockingWork.run { try sandbox.requestCount("POST /connect/token") }

        let errors = try await BlockingWork.parallel(8) { _ in _ = try client.currentUser(for: account) }
        #expect(errors.allSatisfy { $0 == nil })
        #expect(store.rotationCount == 1)
        let tokenCalls = try await BlockingWork.run { try sandbox.requestCount("POST /connect/token") }
        #expect(tokenCalls - tokenCallsBefore == 1)
    }

    @Test func concurrentRefreshesAcrossProcessesLetOneRotationWin() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        var raced = 0
        for _ in 0..<3 {
            let store = InMemoryTokenStore()
            let account = try await BlockingWork.run { try connectWithExpiringToken(sandbox, store) }
            // Two clients stand in for two worker processes: they share only the token store.
            let clients = [sandbox.makeClient(store), sandbox.makeClient(store)]
            let rejected = try store.currentTokens(for: account)

            let errors = try await BlockingWork.parallel(2) { index in
                _ = try clients[index].refreshTokens(for: account, rejected: rejected)
                _ = try clients[index].currentUser(for: account)
            }
            #expect(errors.allSatisfy { $0 == nil }, "\(errors.compactMap { $0 })")
            #expect(store.rotationCount == 1)
            #expect(store.reconnectReason(for: account) == nil)
            let stored = try store.currentTokens(for: account)
            #expect(stored.refreshToken != rejected.refreshToken)
            raced += store.lostSwapCount
        }
        let refused = try await BlockingWork.run { try sandbox.requestCount("POST /connect/token", status: 400) }
        print("cross-process refresh: \(refused) refresh(es) refused by JobAdder, \(raced) lost swap(s); all resolved")
    }

    @Test func compareAndSwapReturnsTheWinnersTokens() throws {
        let store = InMemoryTokenStore()
        let account = JobAdderAccountKey(orgID: UUID())
        let original = JobAdderTokens(accessToken: "a0", refreshToken: "r0", expiresIn: 3600, apiBaseURL: "http://x")
        store.connect(account, tokens: original)
        let winner = JobAdderTokens(accessToken: "a1", refreshToken: "r1", expiresIn: 3600, apiBaseURL: "http://x")
        let loser = JobAdderTokens(accessToken: "a2", refreshToken: "r2", expiresIn: 3600, apiBaseURL: "http://x")

        #expect(try store.replaceTokens(for: account, previousRefreshToken: "r0", with: winner) == winner)
        #expect(try store.replaceTokens(for: account, previousRefreshToken: "r0", with: loser) == winner)
        #expect(store.rotationCount == 1 && store.lostSwapCount == 1)
        #expect(try store.currentTokens(for: account) == winner)
    }
}
