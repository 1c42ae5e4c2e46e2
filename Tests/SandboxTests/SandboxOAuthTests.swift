import Foundation
import Testing

/// OAuth: code exchange, single-use and expiring codes, refresh rotation, token expiry and revocation.
@Suite("Sandbox OAuth", .serialized)
struct SandboxOAuthTests {
    @Test func codeExchangeReturnsTokensAndAPI() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let location = try await sandbox.authorizeRedirect()
        #expect(location.hasPrefix("http://127.0.0.1:9/cb?code="))
        #expect(location.contains("state=s-1"))

        let response = try await sandbox.authorize()
        let body = try #require(response.object)
        #expect(response.status == 200)
        #expect(body["token_type"] as? String == "Bearer")
        #expect(body["expires_in"] as? Int == 3600)
        #expect(body["api"] as? String == sandbox.api)
        #expect(body["account"] as? Int == 1001)
        #expect(body["refresh_token"] is String)
        let token = try #require(body["access_token"] as? String)
        let me = try await sandbox.call("GET", "/users/current", token: token)
        #expect(me.status == 200)
        #expect(me.object?["admin"] as? Bool == true)
    }

    @Test func codeIsSingleUse() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let code = try #require(try await sandbox.authorizationCode())
        #expect(try await sandbox.exchange(code: code).status == 200)
        let second = try await sandbox.exchange(code: code)
        #expect(second.status == 400)
        #expect(second.object?["error"] as? String == "invalid_grant")
    }

    @Test func expiredCodeIsRejected() async throws {
        let sandbox = try SandboxHarness { $0.authorizationCodeTTLSeconds = 0 }
        defer { sandbox.stop() }
        let code = try #require(try await sandbox.authorizationCode())
        let response = try await sandbox.exchange(code: code)
        #expect(response.status == 400)
        #expect(response.object?["error"] as? String == "invalid_grant")
    }

    @Test func wrongRedirectAndSecretAreRejected() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let foreign = try await sandbox.client.send(
            "GET",
            sandbox.base + "/connect/authorize?response_type=code&client_id=demo-client&redirect_uri=https://evil.test/"
        )
        #expect(foreign.status == 400)
        let code = try #require(try await sandbox.authorizationCode())
        let mismatch = try await sandbox.exchange(code: code, redirect: "http://127.0.0.1:9/other")
        #expect(mismatch.object?["error"] as? String == "invalid_grant")
        let badSecret = try await sandbox.client.send(
            "POST",
            sandbox.base + "/connect/token",
            body: "grant_type=refresh_token&client_id=demo-client&client_secret=nope&refresh_token=x",
            contentType: "application/x-www-form-urlencoded"
        )
        #expect(badSecret.object?["error"] as? String == "invalid_client")
    }

    @Test func refreshRotatesAndOldTokenDies() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let first = try #require(try await sandbox.authorize().object?["refresh_token"] as? String)
        let rotated = try await sandbox.refresh(first)
        #expect(rotated.status == 200)
        let second = try #require(rotated.object?["refresh_token"] as? String)
        #expect(second != first)
        let reuse = try await sandbox.refresh(first)
        #expect(reuse.status == 400)
        #expect(reuse.object?["error"] as? String == "invalid_grant")
        #expect(try await sandbox.refresh(second).status == 200)
    }

    @Test func accessTokenExpiresWith401() async throws {
        let sandbox = try SandboxHarness { $0.accessTokenTTLSeconds = 1 }
        defer { sandbox.stop() }
        let token = try await sandbox.token()
        #expect(try await sandbox.call("GET", "/users/current", token: token).status == 200)
        let expired = await eventually(seconds: 10) {
            (try? await sandbox.call("GET", "/users/current", token: token).status) == 401
        }
        #expect(expired)
        let response = try await sandbox.call("GET", "/users/current", token: token)
        #expect(response.headers["www-authenticate"] == "Bearer error=\"invalid_token\"")
        #expect(response.object?["error"] as? String == "invalid_token")
        #expect(try await sandbox.call("GET", "/users/current", token: "").status == 401)
    }

    @Test func revokeDenyAndScopeWithoutOfflineAccess() async throws {
        let sandbox = try SandboxHarness()
        defer { sandbox.stop() }
        let tokens = try #require(try await sandbox.authorize().object)
        let revoke = try await sandbox.control("POST", "/accounts/1001/revoke-tokens")
        #expect(revoke.status == 200)
        #expect(
            try await sandbox.refresh(tokens["refresh_token"] as? String ?? "").object?["error"] as? String
                == "invalid_grant"
        )
        #expect(
            try await sandbox.call("GET", "/users/current", token: tokens["access_token"] as? String ?? "").status
                == 401
        )

        let online = try await sandbox.authorize(scope: "read write")
        #expect(online.object?["refresh_token"] == nil)

        _ = try await sandbox.control("PUT", "/accounts/1001/settings", body: "{\"denyAuthorize\":true}")
        let denied = try await sandbox.authorizeRedirect()
        #expect(denied.contains("error=access_denied"))
        #expect(denied.contains("state=s-1"))
    }
}
