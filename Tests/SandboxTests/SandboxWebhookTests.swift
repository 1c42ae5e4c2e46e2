import Foundation
import Testing

/// Webhook CRUD and deliveries to a real local receiver.
@Suite("Sandbox webhooks", .serialized)
struct SandboxWebhookTests {
    @Test func crudAndValidation() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let token = try await sandbox.token()
        let missing = try await sandbox.call("POST", "/webhooks", token: token, body: "{\"name\":\"x\"}")
        #expect(missing.status == 422)
        let fields = (missing.object?["errors"] as? [[String: Any]] ?? []).flatMap { $0["fields"] as? [String] ?? [] }
        #expect(Set(fields) == ["events", "url"])
        let created = try await sandbox.call(
            "POST",
            "/webhooks",
            token: token,
            body: "{\"name\":\"7T\",\"events\":[\"contact_status_changed\"],\"url\":\"http://127.0.0.1:9/h\","
                + "\"authorization\":\"Bearer s3cret\"}"
        )
        #expect(created.status == 201)
        let id = try #require(created.object?["webhookId"] as? String)
        #expect(created.object?["status"] as? String == "Enabled")
        #expect(created.object?["authorization"] == nil)
        #expect(try await sandbox.call("GET", "/webhooks", token: token).items.count == 1)
        #expect(try await sandbox.call("GET", "/webhooks/\(id)", token: token).status == 200)
        let disabled = try await sandbox.call(
            "PUT",
            "/webhooks/\(id)",
            token: token,
            body: "{\"name\":\"7T\",\"events\":[\"contact_status_changed\"],\"status\":\"Disabled\"}"
        )
        #expect(disabled.object?["status"] as? String == "Disabled")
        #expect(try await sandbox.call("PUT", "/webhooks/\(id)", token: token, body: "{\"name\":\"x\"}").status == 422)
        #expect(try await sandbox.call("DELETE", "/webhooks/\(id)", token: token).status == 204)
        #expect(try await sandbox.call("DELETE", "/webhooks/\(id)", token: token).status == 404)
        #expect(try await sandbox.call("GET", "/webhooks/\(id)", token: token).status == 404)
    }

    @Test func deliversStatusChangesWithHeadersAndBody() async throws {
        let sandbox = try SandboxHarness()
        let receiver = try WebhookReceiver()
        defer {
            sandbox.stop()
            receiver.stop()
        }
        let token = try await sandbox.token()
        let id = try await register(receiver.url, sandbox: sandbox, token: token)
        let contactId = try #require(
            try await sandbox.call("GET", "/contacts?Limit=1", token: token).items.first?[
                "contactId"
            ] as? Int
        )
        let assign = try await sandbox.statusId("Assign to ashley@demo in 7Targets", token: token)
        _ = try await sandbox.control(
            "POST",
            "/accounts/1001/status-changes",
            body: "{\"contactIds\":[\(contactId)],\"statusName\":\"Assign to ashley@demo in 7Targets\"}"
        )
        #expect(await eventually { receiver.requests.count == 1 })
        let request = try #require(receiver.requests.first)
        #expect(request.method == "POST")
        #expect(request.headers["x-jobadder-webhookid"] == id)
        #expect(request.headers["authorization"] == "Bearer s3cret")
        #expect(request.headers["content-type"]?.hasPrefix("application/json") == true)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["apiVersion"] as? Int == 2)
        #expect(body["event"] as? String == "contact_status_changed")
        #expect((body["eventId"] as? String)?.count == 36)
        #expect(body["contactId"] as? Int == contactId)
        let data = try #require(body["eventData"] as? [String: Any])
        #expect((data["status"] as? [String: Any])?["statusId"] as? Int == assign)
        #expect((data["previousStatus"] as? [String: Any])?["name"] as? String == "Prospect")
    }

    @Test func failuresSuspendAfterTen() async throws {
        let sandbox = try SandboxHarness()
        let receiver = try WebhookReceiver()
        defer {
            sandbox.stop()
            receiver.stop()
        }
        receiver.respond(with: 500)
        let token = try await sandbox.token()
        let id = try await register(receiver.url, sandbox: sandbox, token: token)
        let contactId = try #require(
            try await sandbox.call("GET", "/contacts?Limit=1", token: token).items.first?[
                "contactId"
            ] as? Int
        )
        _ = try await sandbox.control(
            "POST",
            "/accounts/1001/status-changes",
            body: "{\"contactIds\":[\(contactId)],\"statusName\":\"Active Contact\"}"
        )
        let suspended = await eventually {
            let hook = try? await sandbox.call("GET", "/webhooks/\(id)", token: token)
            return hook?.object?["status"] as? String == "Suspended"
        }
        #expect(suspended)
        #expect(receiver.requests.count == 10)
        let hook = try await sandbox.call("GET", "/webhooks/\(id)", token: token).object
        #expect(hook?["suspendedAt"] is String)

        _ = try await sandbox.control(
            "POST",
            "/accounts/1001/status-changes",
            body: "{\"contactIds\":[\(contactId)],\"statusName\":\"Prospect\"}"
        )
        let deliveries = try await sandbox.control("GET", "/accounts/1001/deliveries").items
        #expect(deliveries.contains { $0["outcome"] as? String == "dropped-suspended" })
        #expect(receiver.requests.count == 10)

        receiver.respond(with: 200)
        let enabled = try await sandbox.call(
            "PUT",
            "/webhooks/\(id)",
            token: token,
            body: "{\"name\":\"7T\",\"events\":[\"contact_status_changed\"],\"status\":\"Enabled\"}"
        )
        #expect(enabled.object?["status"] as? String == "Enabled")
    }

    @Test func duplicateSwitchDeliversTwice() async throws {
        let sandbox = try SandboxHarness()
        let receiver = try WebhookReceiver()
        defer {
            sandbox.stop()
            receiver.stop()
        }
        let token = try await sandbox.token()
        _ = try await register(receiver.url, sandbox: sandbox, token: token)
        _ = try await sandbox.control(
            "PUT",
            "/accounts/1001/settings",
            body: "{\"duplicateDeliveries\":true,\"shuffleDeliveries\":true}"
        )
        let ids = try await sandbox.call("GET", "/contacts?Limit=50", token: token).items.compactMap {
            $0["contactId"] as? Int
        }
        let list = ids.map(String.init).joined(separator: ",")
        _ = try await sandbox.control(
            "POST",
            "/accounts/1001/status-changes",
            body: "{\"contactIds\":[\(list)],\"statusName\":\"Assign to ben@demo in 7Targets\"}"
        )
        #expect(await eventually { receiver.requests.count == 100 })
        let eventIds = receiver.requests.compactMap { request -> String? in
            let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
            return body?["eventId"] as? String
        }
        #expect(Set(eventIds).count == 50)
    }

    private func register(_ url: String, sandbox: SandboxHarness, token: String) async throws -> String {
        let created = try await sandbox.call(
            "POST",
            "/webhooks",
            token: token,
            body: "{\"name\":\"7T\",\"events\":[\"contact_status_changed\"],\"url\":\"\(url)\","
                + "\"authorization\":\"Bearer s3cret\"}"
        )
        return created.object?["webhookId"] as? String ?? ""
    }
}
