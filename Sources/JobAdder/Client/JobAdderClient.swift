import Foundation
import HTTPClient
import Shared

/// The JobAdder API for Handover: contacts, statuses, notes, webhooks and the current user, per connected
/// account.
///
/// Every call is blocking; run it on a worker thread, never on Swift's cooperative pool. Each call reads the
/// account's tokens from the `JobAdderTokenStore`, uses the account's own `api` base URL, waits its turn with
/// the `JobAdderPacer`, and handles failures itself:
/// - 429: waits `Retry-After` (within `retryPolicy.maxRetryAfter`) and tries again;
/// - 5xx and network failures: capped exponential backoff with full jitter, up to `retryPolicy.maxAttempts`;
/// - 401: refreshes the token once (compare-and-swap in the store) and retries once;
/// - 404, 409, 422 and other 4xx: typed `JobAdderError`s, never retried.
///
/// Calls are counted in `handover_jobadder_requests_total{endpoint,status}` with a latency histogram.
public final class JobAdderClient: Sendable {
    let oauth: JobAdderOAuth
    let http: HTTPClient
    let tokenStore: any JobAdderTokenStore
    let pacer: any JobAdderPacer
    let retryPolicy: JobAdderRetryPolicy
    let logger: Logger
    /// Tokens expiring within this many seconds are refreshed before use.
    let refreshMargin: Double
    let refreshGate = RefreshGate()

    public init(
        oauth: JobAdderOAuth,
        http: HTTPClient,
        tokenStore: any JobAdderTokenStore,
        pacer: any JobAdderPacer = UnpacedPacer(),
        retryPolicy: JobAdderRetryPolicy = .standard,
        logger: Logger = Logger(label: "jobadder"),
        refreshMargin: Double = 60
    ) {
        self.oauth = oauth
        self.http = http
        self.tokenStore = tokenStore
        self.pacer = pacer
        self.retryPolicy = retryPolicy
        self.logger = logger
        self.refreshMargin = refreshMargin
    }

    // MARK: Users

    /// `GET /users/current`: the user who authorized the account.
    public func currentUser(for account: JobAdderAccountKey) throws -> CurrentUser {
        let request = JobAdderRequest(method: "GET", template: "users/current", path: "/users/current")
        return try decode(CurrentUser.self, from: send(request, for: account), template: request.template)
    }

    // MARK: Contacts

    /// `GET /contacts`: one page of contacts matching `query`.
    public func contacts(_ query: ContactQuery, for account: JobAdderAccountKey) throws -> Page<Contact> {
        let request = JobAdderRequest(method: "GET", template: "contacts", path: "/contacts", query: query.parameters)
        return try decode(Page<Contact>.self, from: send(request, for: account), template: request.template)
    }

    /// Every contact matching `query`, read in pages of 1000 from `query.offset` (or 0).
    public func allContacts(_ query: ContactQuery, for account: JobAdderAccountKey) throws -> [Contact] {
        var collected = [Contact]()
        try forEachContactPage(query, for: account) { collected += $0 }
        return collected
    }

    /// Reads every contact matching `query` in pages of 1000 from `query.offset` (or 0) and hands each
    /// page to `body` before reading the next, so a caller that need not keep them holds one page at a time.
    public func forEachContactPage(
        _ query: ContactQuery,
        for account: JobAdderAccountKey,
        _ body: ([Contact]) throws -> Void
    ) throws {
        var pageQuery = query
        pageQuery.limit = 1000
        pageQuery.offset = query.offset ?? 0
        while true {
            let page = try contacts(pageQuery, for: account)
            try body(page.items)
            let offset = (pageQuery.offset ?? 0) + page.items.count
            let total = page.totalCount ?? Int.max
            if page.items.count < 1000 || offset >= total {
                return
            }
            pageQuery.offset = offset
        }
    }

    /// `GET /contacts/{id}`.
    /// - Throws: `JobAdderError.notFound` when the contact does not exist.
    public func contact(_ contactID: Int, for account: JobAdderAccountKey) throws -> Contact {
        let request = JobAdderRequest(method: "GET", template: "contacts/{id}", path: "/contacts/\(contactID)")
        return try decode(Contact.self, from: send(request, for: account), template: request.template)
    }

    /// `PUT /contacts/{id}/status` with an optional note. JobAdder's "already has that status" (202) is
    /// `.alreadySet`, a success.
    /// - Throws: `.notFound` for an unknown contact, `.unprocessable` (for example an unknown status id).
    public func setContactStatus(
        contactID: Int,
        statusID: Int,
        note: StatusChangeNote? = nil,
        for account: JobAdderAccountKey
    ) throws -> StatusChangeOutcome {
        let body = try encode(SetContactStatusBody(statusId: statusID, note: note))
        let request = JobAdderRequest(
            method: "PUT",
            template: "contacts/{id}/status",
            path: "/contacts/\(contactID)/status",
            body: body
        )
        let response = try send(request, for: account)
        return response.status == 202 ? .alreadySet : .changed
    }

    // MARK: Notes

    /// `GET /contacts/{id}/notes`, filtered by `reference` and `types` (each repeated), sorted by `sort`
    /// (`createdAt`, `-createdAt`, …). `includeText` asks for the full text (`Fields=text`).
    public func notes(
        contactID: Int,
        reference: [String] = [],
        types: [String] = [],
        sort: String? = nil,
        includeText: Bool = false,
        offset: Int? = nil,
        limit: Int? = nil,
        for account: JobAdderAccountKey
    ) throws -> Page<NoteSummary> {
        var query = reference.map { ("Reference", $0) } + types.map { ("Type", $0) }
        if let sort { query.append(("Sort", sort)) }
        if includeText { query.append(("Fields", "text")) }
        if let offset { query.append(("Offset", String(offset))) }
        if let limit { query.append(("Limit", String(limit))) }
        let request = JobAdderRequest(
            method: "GET",
            template: "contacts/{id}/notes",
            path: "/contacts/\(contactID)/notes",
            query: query
        )
        return try decode(Page<NoteSummary>.self, from: send(request, for: account), template: request.template)
    }

    /// `POST /contacts/{id}/notes`: adds `note` and returns it as stored.
    /// - Throws: `.notFound` for an unknown contact, `.unprocessable` for a rejected note.
    public func addNote(_ note: NewNote, contactID: Int, for account: JobAdderAccountKey) throws -> Note {
        let request = JobAdderRequest(
            method: "POST",
            template: "contacts/{id}/notes",
            path: "/contacts/\(contactID)/notes",
            body: try encode(note)
        )
        return try decode(Note.self, from: send(request, for: account), template: request.template)
    }

    // MARK: Lookup lists

    /// `GET /contacts/lists/status`: every contact status in the account.
    public func contactStatuses(for account: JobAdderAccountKey) throws -> [ContactStatus] {
        let request = JobAdderRequest(method: "GET", template: "contacts/lists/status", path: "/contacts/lists/status")
        return try decode(Page<ContactStatus>.self, from: send(request, for: account), template: request.template)
            .items
    }

    /// `GET /contacts/lists/notetype`: the note types configured in the account.
    public func noteTypes(for account: JobAdderAccountKey) throws -> [NoteType] {
        let request = JobAdderRequest(
            method: "GET",
            template: "contacts/lists/notetype",
            path: "/contacts/lists/notetype"
        )
        return try decode(Page<NoteType>.self, from: send(request, for: account), template: request.template).items
    }

    // MARK: Webhooks

    /// `GET /webhooks`: the account's webhooks.
    public func webhooks(for account: JobAdderAccountKey) throws -> [Webhook] {
        let request = JobAdderRequest(method: "GET", template: "webhooks", path: "/webhooks")
        return try decode(Page<Webhook>.self, from: send(request, for: account), template: request.template).items
    }

    /// `POST /webhooks`: subscribes and returns the new webhook.
    /// - Throws: `.unprocessable` with JobAdder's reasons for an invalid command.
    public func createWebhook(_ command: WebhookCommand, for account: JobAdderAccountKey) throws -> Webhook {
        let request = JobAdderRequest(
            method: "POST",
            template: "webhooks",
            path: "/webhooks",
            body: try encode(command)
        )
        return try decode(Webhook.self, from: send(request, for: account), template: request.template)
    }

    /// `GET /webhooks/{id}`.
    public func webhook(_ webhookID: String, for account: JobAdderAccountKey) throws -> Webhook {
        let request = JobAdderRequest(
            method: "GET",
            template: "webhooks/{id}",
            path: "/webhooks/" + FormEncoding.escape(webhookID)
        )
        return try decode(Webhook.self, from: send(request, for: account), template: request.template)
    }

    /// `PUT /webhooks/{id}`: replaces the webhook's settings (also how a suspended one is re-enabled) and
    /// returns it as stored. When JobAdder answers without a body, the webhook is read back.
    public func updateWebhook(
        _ webhookID: String,
        with command: WebhookCommand,
        for account: JobAdderAccountKey
    ) throws -> Webhook {
        let request = JobAdderRequest(
            method: "PUT",
            template: "webhooks/{id}",
            path: "/webhooks/" + FormEncoding.escape(webhookID),
            body: try encode(command)
        )
        let response = try send(request, for: account)
        if response.body.isEmpty {
            return try webhook(webhookID, for: account)
        }
        return try decode(Webhook.self, from: response, template: request.template)
    }

    /// `DELETE /webhooks/{id}`.
    /// - Throws: `.notFound` when no such webhook exists.
    public func deleteWebhook(_ webhookID: String, for account: JobAdderAccountKey) throws {
        let request = JobAdderRequest(
            method: "DELETE",
            template: "webhooks/{id}",
            path: "/webhooks/" + FormEncoding.escape(webhookID)
        )
        _ = try send(request, for: account)
    }

    // MARK: Coding

    func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    func decode<T: Decodable>(_ type: T.Type, from response: HTTPClientResponse, template: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw JobAdderError.invalidResponse(endpoint: template, reason: Self.decodingSummary(error))
        }
    }

    /// Names the failing field path of a decoding error without echoing any value.
    private static func decodingSummary(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        let path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default: path = []
        }
        let text = path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return "unexpected JSON at '\(text)'"
    }
}

/// The body of `PUT /contacts/{id}/status` (`SetContactStatusCommand`).
private struct SetContactStatusBody: Encodable {
    var statusId: Int
    var note: StatusChangeNote?
}
