import Foundation
import Testing

/// Notes and lookup lists.
@Suite("Sandbox notes", .serialized)
struct SandboxNotesTests {
    @Test func postAndFilterNotes() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let token = try await sandbox.token()
        let id = try #require(
            try await sandbox.call("GET", "/contacts?Limit=1", token: token).items.first?["contactId"]
                as? Int
        )
        let posted = try await sandbox.call(
            "POST",
            "/contacts/\(id)/notes",
            token: token,
            body: "{\"text\":\"Subject: Hello\\n\\nBody\",\"type\":\"Email Sent\",\"reference\":\"<m1@x>\","
                + "\"createdByIntegration\":true}"
        )
        #expect(posted.status == 201)
        let note = try #require(posted.object)
        #expect((note["noteId"] as? String)?.count == 36)
        #expect(note["createdAt"] as? String != nil)
        #expect(note["text"] as? String == "Subject: Hello\n\nBody")
        _ = try await sandbox.call(
            "POST",
            "/contacts/\(id)/notes",
            token: token,
            body: "{\"text\":\"Reply\",\"type\":\"Email Received\","
                + "\"reference\":\"<m2@x>\"}"
        )
        let plain = try await sandbox.call("POST", "/contacts/\(id)/notes", token: token, body: "{\"text\":\"Plain\"}")
        #expect(plain.object?["type"] as? String == "General")
        let custom = try await sandbox.call(
            "POST",
            "/contacts/\(id)/notes",
            token: token,
            body: "{\"text\":\"x\",\"type\":\"Roi-AI Email Sent\"}"
        )
        #expect(custom.status == 201)

        let byReference = try await sandbox.call("GET", "/contacts/\(id)/notes?Reference=%3Cm1%40x%3E", token: token)
        #expect(byReference.items.count == 1)
        #expect(byReference.items.first?["textPartial"] as? String == "Subject: Hello\n\nBody")
        #expect(byReference.items.first?["text"] == nil)
        let withText = try await sandbox.call(
            "GET",
            "/contacts/\(id)/notes?reference=%3Cm1%40x%3E&Fields=text",
            token: token
        )
        #expect(withText.items.first?["text"] as? String == "Subject: Hello\n\nBody")
        let byType = try await sandbox.call(
            "GET",
            "/contacts/\(id)/notes?Type=Email%20Sent&Type=Email%20Received",
            token: token
        )
        #expect(byType.object?["totalCount"] as? Int == 2)
        let oldestFirst = try await sandbox.call("GET", "/contacts/\(id)/notes?Sort=createdAt", token: token)
        #expect(oldestFirst.items.first?["type"] as? String == "Email Sent")
        let newestFirst = try await sandbox.call("GET", "/contacts/\(id)/notes?Sort=-createdAt", token: token)
        #expect(newestFirst.items.first?["type"] as? String == "Roi-AI Email Sent")
        let byTypeName = try await sandbox.call("GET", "/contacts/\(id)/notes?Sort=type&Limit=1", token: token)
        #expect(byTypeName.items.first?["type"] as? String == "Email Received")

        let all = try await sandbox.control("GET", "/accounts/1001/notes")
        #expect(all.items.count == 4)
        #expect(all.items.first?["contactId"] as? Int == id)
    }

    @Test func noteValidation() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let token = try await sandbox.token()
        let id = try #require(
            try await sandbox.call("GET", "/contacts?Limit=1", token: token).items.first?["contactId"]
                as? Int
        )
        let path = "/contacts/\(id)/notes"
        #expect(try await sandbox.call("POST", path, token: token, body: "{}").status == 422)
        #expect(try await sandbox.call("POST", path, token: token, body: "{\"text\":\"\"}").status == 422)
        let longType = String(repeating: "t", count: 51)
        #expect(
            try await sandbox.call("POST", path, token: token, body: "{\"text\":\"a\",\"type\":\"\(longType)\"}").status
                == 422
        )
        let longReference = String(repeating: "r", count: 201)
        #expect(
            try await sandbox.call(
                "POST",
                path,
                token: token,
                body: "{\"text\":\"a\",\"reference\":\"\(longReference)\"}"
            )
            .status == 422
        )
        #expect(
            try await sandbox.call("POST", path, token: token, body: "{\"text\":\"a\",\"subject\":\"s\"}").status == 422
        )
        #expect(try await sandbox.call("POST", path, token: token, body: "not json").status == 400)
        #expect(
            try await sandbox.call("POST", "/contacts/999999999/notes", token: token, body: "{\"text\":\"a\"}").status
                == 404
        )
        #expect(try await sandbox.call("GET", "/contacts/999999999/notes", token: token).status == 404)
    }

    @Test func statusAndNoteTypeLists() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let token = try await sandbox.token()
        let statuses = try await sandbox.call("GET", "/contacts/lists/status", token: token)
        let names = statuses.items.compactMap { $0["name"] as? String }
        #expect(names.contains("Assign to ashley@demo in 7Targets"))
        #expect(names.contains("Active Contact"))
        #expect(names.contains("Inactive Contact"))
        #expect((statuses.object?["links"] as? [String: Any])?["self"] is String)
        let types = try await sandbox.call("GET", "/contacts/lists/notetype", token: token)
        let emailSent = types.items.first { $0["name"] as? String == "Email Sent" }
        #expect((emailSent?["default"] as? [String: Any])?["email"] as? Bool == true)
        #expect(types.items.contains { $0["name"] as? String == "Status Change" })
    }
}
