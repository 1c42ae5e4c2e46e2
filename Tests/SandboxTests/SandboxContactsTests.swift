import Foundation
import Testing

/// Contacts: paging, filters, links, 404s and the status endpoint.
@Suite("Sandbox contacts", .serialized)
struct SandboxContactsTests {
    @Test func pagingLinksAndTotals() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let token = try await sandbox.token()
        let page = try await sandbox.call("GET", "/contacts?Offset=10&Limit=25", token: token)
        #expect(page.status == 200)
        #expect(page.object?["totalCount"] as? Int == 100)
        #expect(page.items.count == 25)
        let links = try #require(page.object?["links"] as? [String: String])
        #expect(links["next"]?.contains("Offset=35") == true)
        #expect(links["prev"]?.contains("Offset=0") == true)
        #expect(links["last"]?.contains("Offset=75") == true)
        let first = page.items[0]
        #expect(first["email"] is String)
        #expect((first["status"] as? [String: Any])?["name"] as? String == "Prospect")

        let defaults = try await sandbox.call("GET", "/contacts", token: token)
        #expect(defaults.items.count == 100)
        #expect((defaults.object?["links"] as? [String: String])?["next"] == nil)

        let countOnly = try await sandbox.call("GET", "/contacts?Limit=0", token: token)
        #expect(countOnly.items.isEmpty)
        #expect(countOnly.object?["totalCount"] as? Int == 100)

        let lowerCase = try await sandbox.call("GET", "/contacts?offset=95&limit=10", token: token)
        #expect(lowerCase.items.count == 5)

        #expect(try await sandbox.call("GET", "/contacts?Limit=1001", token: token).status == 400)
        #expect(try await sandbox.call("GET", "/contacts?Offset=abc", token: token).status == 400)
    }

    @Test func filtersByStatusEmailIdAndUpdatedAt() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let token = try await sandbox.token()
        let all = try await sandbox.call("GET", "/contacts?Limit=1000", token: token).items
        let ids = all.compactMap { $0["contactId"] as? Int }
        let ashley = try await sandbox.statusId("Assign to ashley@demo in 7Targets", token: token)
        let ben = try await sandbox.statusId("Assign to ben@demo in 7Targets", token: token)

        let before = try await sandbox.call("GET", "/contacts?Limit=1", token: token)
        let startedAt = try #require((before.items.first?["updatedAt"] as? String))
        try await Task.sleep(nanoseconds: 20_000_000)
        let changed = try await sandbox.control(
            "POST",
            "/accounts/1001/status-changes",
            body: "{\"contactIds\":[\(ids[0]),\(ids[1])],\"statusName\":\"Assign to ashley@demo in 7Targets\"}"
        )
        #expect(changed.status == 200)
        _ = try await sandbox.control(
            "POST",
            "/accounts/1001/status-changes",
            body: "{\"contactIds\":[\(ids[2])],\"statusId\":\(ben)}"
        )

        let byStatus = try await sandbox.call("GET", "/contacts?StatusId=\(ashley)&statusid=\(ben)", token: token)
        #expect(Set(byStatus.items.compactMap { $0["contactId"] as? Int }) == Set(ids[0...2]))
        let email = all[5]["email"] as? String ?? ""
        let byEmail = try await sandbox.call("GET", "/contacts?Email=\(email.uppercased())", token: token)
        #expect(byEmail.items.count == 1)
        let byId = try await sandbox.call("GET", "/contacts?ContactId=\(ids[7])&ContactId=\(ids[8])", token: token)
        #expect(byId.object?["totalCount"] as? Int == 2)

        let after = startedAt.replacingOccurrences(of: "Z", with: "").prefix(19) + "Z"
        let updated = try await sandbox.call("GET", "/contacts?UpdatedAt=%3E\(after)&Limit=1000", token: token)
        let updatedIds = Set(updated.items.compactMap { $0["contactId"] as? Int })
        #expect(updatedIds.isSuperset(of: Set(ids[0...2])))
        let future = try await sandbox.call("GET", "/contacts?UpdatedAt=%3E2999-01-01T00:00:00Z", token: token)
        #expect(future.object?["totalCount"] as? Int == 0)
        let range = try await sandbox.call(
            "GET",
            "/contacts?UpdatedAt=%3E2000-01-01&UpdatedAt=%3C2999-01-01&Limit=0",
            token: token
        )
        #expect(range.object?["totalCount"] as? Int == 100)
        #expect(try await sandbox.call("GET", "/contacts?UpdatedAt=yesterday", token: token).status == 400)
    }

    @Test func singleContactAndNotFound() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let token = try await sandbox.token()
        let id = try #require(
            try await sandbox.call("GET", "/contacts?Limit=1", token: token).items.first?["contactId"]
                as? Int
        )
        let contact = try await sandbox.call("GET", "/contacts/\(id)", token: token)
        #expect(contact.status == 200)
        #expect(contact.object?["contactId"] as? Int == id)
        #expect(contact.object?["links"] is [String: Any])
        let missing = try await sandbox.call("GET", "/contacts/999999999", token: token)
        #expect(missing.status == 404)
        #expect(missing.body.isEmpty)
        #expect(try await sandbox.call("GET", "/nothing/here", token: token).status == 404)
        #expect(
            try await sandbox.call("PUT", "/contacts/999999999/status", token: token, body: "{\"statusId\":1}").status
                == 404
        )
    }

    @Test func statusChangeAnswers() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let token = try await sandbox.token()
        let id = try #require(
            try await sandbox.call("GET", "/contacts?Limit=1", token: token).items.first?["contactId"]
                as? Int
        )
        let active = try await sandbox.statusId("Active Contact", token: token)
        let before = try await sandbox.call("GET", "/contacts/\(id)", token: token).object?["updatedAt"] as? String

        let note = "{\"statusId\":\(active),\"note\":{\"type\":\"General\",\"text\":\"Assistant finished\"}}"
        #expect(try await sandbox.call("PUT", "/contacts/\(id)/status", token: token, body: note).status == 200)
        let after = try await sandbox.call("GET", "/contacts/\(id)", token: token).object
        #expect((after?["status"] as? [String: Any])?["statusId"] as? Int == active)
        #expect(after?["updatedAt"] as? String != before)
        #expect(
            try await sandbox.call("PUT", "/contacts/\(id)/status", token: token, body: "{\"statusId\":\(active)}")
                .status == 202
        )

        let unknown = try await sandbox.call(
            "PUT",
            "/contacts/\(id)/status",
            token: token,
            body: "{\"statusId\":987654}"
        )
        #expect(unknown.status == 422)
        let errors = try #require(unknown.object?["errors"] as? [[String: Any]])
        #expect(errors.first?["fields"] as? [String] == ["statusId"])
        #expect(unknown.object?["message"] is String)
        let extra = try await sandbox.call(
            "PUT",
            "/contacts/\(id)/status",
            token: token,
            body: "{\"statusId\":\(active),\"force\":true}"
        )
        #expect(extra.status == 422)
        #expect(try await sandbox.call("PUT", "/contacts/\(id)/status", token: token, body: "{nope").status == 400)
        #expect(try await sandbox.call("PUT", "/contacts/\(id)/status", token: token, body: "{}").status == 422)

        let history = try await sandbox.control("GET", "/accounts/1001/contacts/\(id)/history")
        #expect(history.items.count == 1)
        #expect(history.items.first?["origin"] as? String == "api")
        let notes = try await sandbox.control("GET", "/accounts/1001/contacts/\(id)/notes").items
        #expect(notes.contains { $0["type"] as? String == "Status Change" })
        #expect(notes.contains { $0["text"] as? String == "Assistant finished" })
        let counts = try await sandbox.control("GET", "/accounts/1001/counts").object
        #expect(counts?["statusChanges"] as? Int == 1)
    }
}
