import Foundation
import Testing

@testable import JobAdder

/// Wire-format details of the JobAdder models, dates, query encoding and the local pacer.
@Suite struct JobAdderClientModelTests {
    @Test func decodesTokenResponseWithNumberOrStringAccount() throws {
        let numbers = """
            {"access_token":"a1","refresh_token":"r1","expires_in":3600,"token_type":"Bearer",
             "api":"https://api.jobadder.com/v2","instance":42,"account":12345,"extra":true}
            """
        let tokens = try JSONDecoder().decode(JobAdderTokens.self, from: Data(numbers.utf8))
        #expect(tokens.instance == "42")
        #expect(tokens.account == "12345")
        #expect(tokens.apiBaseURL == "https://api.jobadder.com/v2")
        #expect(abs(tokens.expiresAt.timeIntervalSinceNow - 3600) < 5)
        #expect(!tokens.description.contains("a1") && !tokens.description.contains("r1"))

        let strings = """
            {"access_token":"a2","refresh_token":"r2","expires_in":"60","api":"x","instance":"i","account":"acc"}
            """
        let other = try JSONDecoder().decode(JobAdderTokens.self, from: Data(strings.utf8))
        #expect(other.instance == "i" && other.account == "acc" && other.expiresIn == 60)

        let stored = try JSONEncoder().encode(tokens)
        let reloaded = try JSONDecoder().decode(JobAdderTokens.self, from: stored)
        #expect(abs(reloaded.expiresAt.timeIntervalSince(tokens.expiresAt)) < 0.01)
        #expect(reloaded.refreshToken == "r1" && reloaded.account == "12345")
    }

    @Test func parsesJobAdderTimestamps() throws {
        let plain = try #require(JobAdderDate.parse("2024-07-12T10:20:30Z"))
        #expect(JobAdderDate.format(plain) == "2024-07-12T10:20:30Z")
        let dotNet = try #require(JobAdderDate.parse("2024-07-12T10:20:30.1234567"))
        #expect(abs(dotNet.timeIntervalSince(plain) - 0.1234567) < 0.0001)
        let offset = try #require(JobAdderDate.parse("2024-07-12T12:20:30+02:00"))
        #expect(offset == plain)
        #expect(JobAdderDate.parse("yesterday") == nil)
        #expect(JobAdderDate.parse("2024-07-12T10:20:30Zjunk") == nil)
    }

    @Test func toleratesUnknownAndOddContactFields() throws {
        let json = """
            {"contactId":7,"firstName":"Ann","email":"ann@example.com","status":{"statusId":3,"name":"Assign",
             "active":true,"default":false},"updatedAt":"not a date","company":{"companyId":1},"custom":[]}
            """
        let contact = try JSONDecoder().decode(Contact.self, from: Data(json.utf8))
        #expect(contact.contactId == 7)
        #expect(contact.status == ContactStatus(statusId: 3, name: "Assign", active: true, isDefault: false))
        #expect(contact.updatedAt == nil)
        #expect(contact.unsubscribed == false && contact.isEmailable)
    }

    @Test func encodesOnlyDocumentedFields() throws {
        let note = NewNote(text: "Subject: hi", type: nil, reference: "<m@x>")
        let text = String(decoding: try JSONEncoder().encode(note), as: UTF8.self)
        #expect(!text.contains("\"type\""))
        #expect(text.contains("\"createdByIntegration\":true"))

        let webhook = WebhookCommand(name: "n", events: ["contact_status_changed"], url: "u", authorization: "Bearer s")
        #expect(!webhook.description.contains("Bearer s"))
    }

    @Test func buildsPascalCaseQueries() {
        let query = ContactQuery(
            statusIDs: [12, 13],
            updatedAfter: JobAdderDate.parse("2025-01-01T00:00:00Z"),
            limit: 1000
        )
        let encoded = FormEncoding.encode(query.parameters)
        #expect(encoded == "StatusId=12&StatusId=13&UpdatedAt=%3E2025-01-01T00%3A00%3A00Z&Limit=1000")
        #expect(FormEncoding.queryValue("code", in: "http://cb/x?state=s%20t&code=a%2Bb") == "a+b")
        #expect(FormEncoding.queryValue("state", in: "http://cb/x?state=s%20t&code=a") == "s t")
    }

    @Test func errorsAreTypedAndSafe() {
        let detail = ErrorModel.Detail(code: "Invalid", message: "bad", fields: ["statusId"])
        let model = ErrorModel(message: "Invalid", errors: [detail])
        let error = JobAdderError.unprocessable(endpoint: "contacts/{id}/status", model: model)
        #expect(!error.isRetryable)
        #expect(error.description.contains("statusId"))
        #expect(JobAdderError.serverError(endpoint: "contacts", status: 503, attempts: 3).isRetryable)
        #expect(JobAdderError.invalidGrant(reason: "invalid_grant").needsReconnect)
        #expect(RetryAfter.seconds(from: "40") == 40)
        #expect(RetryAfter.seconds(from: "garbage") == nil)
    }

    @Test func localPacerSpacesRequestsAndHonoursQuietPeriods() {
        let pacer = LocalPacer(requestsPerSecond: 10, burst: 2)
        let account = JobAdderAccountKey(orgID: UUID())
        #expect(pacer.reserveSlot(for: account, now: 100) == 0)
        #expect(pacer.reserveSlot(for: account, now: 100) == 0)
        #expect(abs(pacer.reserveSlot(for: account, now: 100) - 0.1) < 1e-9)
        #expect(abs(pacer.reserveSlot(for: account, now: 100) - 0.2) < 1e-9)

        let other = JobAdderAccountKey(orgID: UUID())
        #expect(pacer.reserveSlot(for: other, now: 100) == 0)

        let start = ProcessInfo.processInfo.systemUptime
        pacer.didReceiveRateLimit(other, retryAfter: 0.3)
        #expect(throws: Never.self) { try pacer.waitForTurn(other) }
        #expect(ProcessInfo.processInfo.systemUptime - start >= 0.29)
    }
}
