import Foundation
import HTTPServer
import Shared
import WorkerKit

/// `GET /oauth/callback`: where JobAdder sends the org admin's browser after consent.
///
/// Checks the signed `state`, exchanges the code, stores the tokens, registers the webhook and runs the
/// first integration-status check, then tells the admin what happened in plain words.
struct OAuthCallback: Sendable {
    static let path = "/oauth/callback"

    let connector: JobAdderConnector
    let checker: IntegrationStatusChecker
    let signingKey: [UInt8]
    let logger: Logger

    func route(_ request: HTTPRequest) -> HTTPResponse? {
        guard request.path == Self.path, request.method == "GET" else { return nil }
        let query = Dictionary(request.query, uniquingKeysWith: { first, _ in first })
        let orgID: UUID
        do {
            orgID = try OAuthState.verify(query["state"] ?? "", key: signingKey)
        } catch {
            logger.warning("OAuth callback refused", ["reason": "\(error)"])
            return .text(400, "This connect link is invalid or has expired. Run `handover jobadder connect` again.\n")
        }
        if let denied = query["error"] {
            logger.warning("JobAdder consent denied", ["org_id": orgID.uuidString, "error": denied])
            return .text(403, "JobAdder did not grant access (\(denied)). Nothing was connected.\n")
        }
        guard let code = query["code"], !code.isEmpty, code.count <= 2048 else {
            return .text(400, "The callback carries no authorization code.\n")
        }
        do {
            try connector.completeConnection(orgID: orgID, code: code)
            let report = try checker.refresh(orgID: orgID)
            let lines = report.assistants.map { "  \($0.handle): \($0.status.rawValue) — \($0.advice)" }
            return .text(200, "JobAdder is connected.\n\nAssistants:\n" + lines.joined(separator: "\n") + "\n")
        } catch {
            logger.error("JobAdder connection failed", ["org_id": orgID.uuidString, "error": "\(error)"])
            return .text(502, "Connecting JobAdder failed: \(error). Try again from `handover jobadder connect`.\n")
        }
    }
}
