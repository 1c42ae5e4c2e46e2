import Foundation
import JobAdder
import Shared
import Testing

/// `JobAdderClient` and `JobAdderOAuth` against a real in-process sandbox: OAuth, every endpoint, typed
/// errors and paging.
@Suite struct JobAdderClientSandboxTests {
    @Test func oauthFlowExchangesRotatesAndRefusesReuse() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        try await BlockingWork.run {
            let oauth = sandbox.makeOAuth()
            let authorizeURL = oauth.authorizeURL(state: "xyz")
            #expect(authorizeURL.contains("scope=read%20write%20offline_access"))
            #expect(authorizeURL.contains("response_type=code"))

            let callback = try sandbox.authorizeCallback(state: "st 1")
            #expect(callback.hasPrefix(sandbox.redirectURI))
            let items = URLComponents(string: callback)?.queryItems ?? []
            #expect(items.first { $0.name == "state" }?.value == "st 1")
            let code = try #require(items.first { $0.name == "code" }?.value)

            let tokens = try oauth.exchange(code: code)
            #expect(tokens.apiBaseURL == sandbox.server.apiBaseURL)
            #expect(tokens.account == String(sandbox.accountID))
            #expect(tokens.instance != nil)
            #expect(!tokens.refreshToken.isEmpty && tokens.expiresIn > 0)

            let reusedCode = #expect(throws: JobAdderError.self) { try oauth.exchange(code: code) }
            #expect(reusedCode?.needsReconnect == true)

            let rotated = try oauth.refresh(refreshToken: tokens.refreshToken)
            #expect(rotated.refreshToken != tokens.refreshToken)
            #expect(rotated.accessToken != tokens.accessToken)

            let reused = #expect(throws: JobAdderError.self) { try oauth.refresh(refreshToken: tokens.refreshToken) }
            guard case .invalidGrant = reused else {
                Issue.record("expected invalidGrant, got \(String(describing: reused))")
                return
            }
            #expect(try oauth.refresh(refreshToken: rotated.refreshToken).refreshToken != rotated.refreshToken)
        }
    }

    @Test func everyEndpointWorks() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        try await BlockingWork.run {
            let store = InMemoryTokenStore()
            let (account, _) = try sandbox.connect(store)
            let client = sandbox.makeClient(store)
            let assign = try #require(sandbox.statuses["Assign to ashley@demo in 7Targets"])
            let active = try #require(sandbox.statuses["Active Contact"])
            let assigned = try sandbox.addContacts(count: 3, status: "Assign to ashley@demo in 7Targets")
            _ = try sandbox.addContacts(count: 2)

            let user = try client.currentUser(for: account)
            #expect(user.userId > 0 && user.email != nil)

            let statuses = try client.contactStatuses(for: account)
            #expect(statuses.contains { $0.statusId == assign })
            #expect(statuses.contains { $0.isDefault == true })
            let types = try client.noteTypes(for: account)
            #expect(types.contains { $0.defaults.email })

            let page = try client.contacts(ContactQuery(statusIDs: [assign]), for: account)
            #expect(Set(page.items.map(\.contactId)) == Set(assigned))
            #expect(page.totalCount == 3)
            let count = try client.contacts(ContactQuery(limit: 0), for: account)
            #expect(count.totalCount == 5 && count.items.isEmpty)
            let recent = try client.contacts(
                ContactQuery(updatedAfter: Date().addingTimeInterval(-300), contactIDs: [assigned[0]]),
                for: account
            )
            #expect(recent.items.map(\.contactId) == [assigned[0]])

            let contact = try client.contact(assigned[0], for: account)
            #expect(contact.status?.statusId == assign && contact.isEmailable && contact.updatedAt != nil)
            let byEmail = try client.contacts(ContactQuery(email: contact.email), for: account)
            #expect(byEmail.items.map(\.contactId) == [assigned[0]])

            let note = StatusChangeNote(text: "7Targets assistant finished")
            let first = try client.setContactStatus(contactID: assigned[0], statusID: active, note: note, for: account)
            #expect(first == .changed)
            let second = try client.setContactStatus(contactID: assigned[0], statusID: active, for: account)
            #expect(second == .alreadySet)
            #expect(try client.contact(assigned[0], for: account).status?.statusId == active)

            let reference = "<\(UUID().uuidString)@handover.test>"
            let added = try client.addNote(
                NewNote(text: "Subject: Hello\n\nBody", type: "Email Sent", reference: reference),
                contactID: assigned[1],
                for: account
            )
            #expect(!added.noteId.isEmpty && added.reference == reference && added.type == "Email Sent")
            let found = try client.notes(
                contactID: assigned[1],
                reference: [reference],
                includeText: true,
                for: account
            )
            #expect(found.items.map(\.noteId) == [added.noteId])
            let sorted = try client.notes(
                contactID: assigned[1],
                types: ["Email Sent"],
                sort: "-createdAt",
                offset: 0,
                limit: 10,
                for: account
            )
            #expect(sorted.items.contains { $0.noteId == added.noteId })

            let command = WebhookCommand(
                name: "handover",
                events: ["contact_status_changed"],
                url: "http://127.0.0.1:9/webhooks/jobadder",
                authorization: "Bearer s3cret"
            )
            let webhook = try client.createWebhook(command, for: account)
            #expect(webhook.events == ["contact_status_changed"] && !webhook.webhookId.isEmpty)
            #expect(try client.webhooks(for: account).map(\.webhookId) == [webhook.webhookId])
            #expect(try client.webhook(webhook.webhookId, for: account).url == command.url)
            var disabled = command
            disabled.status = "Disabled"
            let updated = try client.updateWebhook(webhook.webhookId, with: disabled, for: account)
            #expect(updated.status == "Disabled")
            try client.deleteWebhook(webhook.webhookId, for: account)
            #expect(try client.webhooks(for: account).isEmpty)
            #expect(throws: JobAdderError.self) { try client.webhook(webhook.webhookId, for: account) }
        }
    }

    @Test func mapsNotFoundAndValidationErrors() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        try await BlockingWork.run {
            let store = InMemoryTokenStore()
            let (account, _) = try sandbox.connect(store)
            let client = sandbox.makeClient(store)
            let contactID = try #require(try sandbox.addContacts(count: 1).first)
            let labels = [("endpoint", "contacts/{id}"), ("status", "404")]
            let before = MetricsRegistry.shared.value("handover_jobadder_requests_total", labels: labels)

            let missing = #expect(throws: JobAdderError.self) { try client.contact(987_654_321, for: account) }
            guard case .notFound(let endpoint) = missing else {
                Issue.record("expected notFound, got \(String(describing: missing))")
                return
            }
            #expect(endpoint == "contacts/{id}")
            #expect(missing?.isRetryable == false)
            let after = MetricsRegistry.shared.value("handover_jobadder_requests_total", labels: labels)
            #expect(after - before >= 1)

            let rejected = #expect(throws: JobAdderError.self) {
                try client.setContactStatus(contactID: contactID, statusID: 999_999, for: account)
            }
            guard case .unprocessable(_, let model) = rejected else {
                Issue.record("expected unprocessable, got \(String(describing: rejected))")
                return
            }
            #expect(model?.fields.contains("statusId") == true)
            #expect(model?.errors.first?.code == "Invalid")

            let emptyNote = #expect(throws: JobAdderError.self) {
                try client.addNote(NewNote(text: ""), contactID: contactID, for: account)
            }
            guard case .unprocessable = emptyNote else {
                Issue.record("expected unprocessable, got \(String(describing: emptyNote))")
                return
            }
            #expect(throws: JobAdderError.self) {
                try client.addNote(NewNote(text: "x"), contactID: 987_654_321, for: account)
            }
        }
    }

    @Test func pagesThroughMoreThanAThousandContacts() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        try await BlockingWork.run {
            let store = InMemoryTokenStore()
            let (account, _) = try sandbox.connect(store)
            let client = sandbox.makeClient(store)
            let status = "Assign to ben@demo in 7Targets"
            let created = try sandbox.addContacts(count: 2_345, status: status)
            _ = try sandbox.addContacts(count: 20)
            let statusID = try #require(sandbox.statuses[status])

            let pagesBefore = try sandbox.requestCount("GET /v2/contacts")
            let all = try client.allContacts(ContactQuery(statusIDs: [statusID]), for: account)
            let pages = try sandbox.requestCount("GET /v2/contacts") - pagesBefore
            #expect(all.count == 2_345)
            #expect(Set(all.map(\.contactId)) == Set(created))
            #expect(pages == 3)

            let tail = try client.allContacts(ContactQuery(statusIDs: [statusID], offset: 2_000), for: account)
            #expect(tail.count == 345)
        }
    }
}
