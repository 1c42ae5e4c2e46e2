import Domain
import Foundation
import HTTPServer
import Mail
import Postgres
import Shared
import Store
import WorkerKit

/// Nurture's HTTP routes: inbound mail, unsubscribe (RFC 8058 one-click and a confirming page), and the
/// open pixel and click redirects.
///
/// Inbound mail is matched to its lead here (`In-Reply-To`/`References`, a bounce's returned Message-ID,
/// then sender plus assistant mailbox) and committed to the outbox before the 202, so an accepted email
/// is never lost; one that matches no lead gets a 422 that says so.
struct MailEndpoints: Sendable {
    let pool: PostgresPool
    let signer: LinkSigner
    let logger: Logger

    static let pixel: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
        0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
        0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
    ]

    func route(_ request: HTTPRequest) -> HTTPResponse? {
        let parts = request.path.split(separator: "/").map(String.init)
        switch (request.method, parts.first, parts.count) {
        case ("POST", "inbound", 2) where parts[1] == "email":
            return acceptInbound(request.body)
        case ("GET", "unsubscribe", 2):
            guard signer.verify(parts[1], purpose: "unsubscribe") != nil else { return forged() }
            let page = """
                <html><body><form method="post"><p>Stop receiving these emails?</p>
                <button type="submit" name="List-Unsubscribe" value="One-Click">Unsubscribe</button>
                </form></body></html>
                """
            return HTTPResponse(
                status: 200,
                headers: [("Content-Type", "text/html; charset=utf-8")],
                body: Array(page.utf8)
            )
        case ("POST", "unsubscribe", 2):
            guard let id = signer.verify(parts[1], purpose: "unsubscribe") else { return forged() }
            return record(.unsubscribeClicked, messageID: id)
                ?? .text(200, "You are unsubscribed. Sorry to see you go.\n")
        case ("GET", "t", 3) where parts[1] == "open":
            let token = parts[2].hasSuffix(".gif") ? String(parts[2].dropLast(4)) : parts[2]
            if let id = signer.verify(token, purpose: "open") {
                _ = record(.opened, messageID: id)
            }
            var response = HTTPResponse(status: 200, headers: [("Content-Type", "image/gif")], body: Self.pixel)
            response.headers.append(("Cache-Control", "no-store"))
            return response
        case ("GET", "t", 3) where parts[1] == "click":
            let target = request.query.first { $0.0 == "u" }?.1 ?? ""
            guard let id = signer.verify(parts[2], purpose: "click", target: target),
                target.hasPrefix("https://") || target.hasPrefix("http://")
            else { return forged() }
            _ = record(.clicked, messageID: id)
            return .redirect(target)
        default:
            return nil
        }
    }

    private func forged() -> HTTPResponse {
        .text(400, "This link is not valid. Nothing was changed.\n")
    }

    /// Applies a recipient action to the lead of the outbound message; returns an error response on failure.
    private func record(_ event: LeadEvent, messageID: UUID) -> HTTPResponse? {
        do {
            try pool.withConnection { database in
                guard
                    let owner = try database.systemTransaction({ database in
                        try database.query("SELECT org_id, lead_id FROM messages WHERE id = $1", [messageID]).first.map
                        {
                            (try $0.decode("org_id", as: UUID.self), try $0.decode("lead_id", as: UUID.self))
                        }
                    })
                else { return }
                try database.transaction(org: owner.0) { database in
                    let column = event == .opened ? "opens" : event == .clicked ? "clicks" : nil
                    if let column {
                        try database.execute("UPDATE messages SET \(column) = \(column) + 1 WHERE id = $1", [messageID])
                    }
                    if event == .unsubscribeClicked {
                        try database.execute(
                            """
                            INSERT INTO suppressions (org_id, email, reason)
                            SELECT org_id, lower(email), 'unsubscribe link' FROM leads
                            WHERE id = $1 AND email IS NOT NULL
                            ON CONFLICT DO NOTHING
                            """,
                            [owner.1]
                        )
                    }
                    try LeadUpdater.apply(event, leadID: owner.1, orgID: owner.0, at: Date(), on: database)
                }
            }
            return nil
        } catch {
            logger.error("recipient action not recorded", ["error": "\(error)"])
            return .text(503, "Please try again in a moment.\n")
        }
    }

    private func acceptInbound(_ body: [UInt8]) -> HTTPResponse {
        guard !body.isEmpty else { return .jsonError(400, "empty body: post the raw RFC 5322 message") }
        let email: InboundEmail
        do {
            email = try InboundEmail.parse(raw: body)
        } catch {
            return .jsonError(400, "not a parseable email: \(error)")
        }
        let candidates = ([email.inReplyTo] + email.references.map(Optional.some) + [email.returnedMessageID])
            .compactMap { $0 }.map(MessageID.bare)
        let recipients = (email.to.map(\.address) + email.deliveredTo).map { $0.lowercased() }
        let sender = email.from?.address.lowercased() ?? ""
        do {
            let accepted: (UUID, UUID)? = try pool.withConnection { database in
                guard
                    let owner = try database.systemTransaction({ database in
                        try Self.match(candidates: candidates, sender: sender, recipients: recipients, on: database)
                    })
                else { return nil }
                try database.transaction(org: owner.org) { database in
                    let id =
                        "inbound:\(owner.lead.uuidString):\(email.messageID.map(MessageID.bare) ?? UUID().uuidString)"
                    try Outbox.enqueue(
                        [
                            WorkMessage(
                                id: id,
                                kind: .inboundEmail,
                                orgID: owner.org,
                                leadID: owner.lead,
                                occurredAt: Date(),
                                payload: ["raw": Data(body).base64EncodedString()]
                            )
                        ],
                        on: database
                    )
                }
                return (owner.org, owner.lead)
            }
            guard let accepted else {
                logger.warning("inbound email matches no lead", ["recipients": "\(recipients.count)"])
                return .jsonError(422, "no lead matches this email (by In-Reply-To, References or sender and mailbox)")
            }
            return .json(202, "{\"accepted\":true,\"lead_id\":\"\(accepted.1.uuidString.lowercased())\"}")
        } catch {
            logger.error("inbound email not stored", ["error": "\(error)"])
            return .jsonError(503, "temporarily unavailable; retry")
        }
    }

    /// The lead an inbound email belongs to (system scope: the org is not known yet).
    static func match(
        candidates: [String],
        sender: String,
        recipients: [String],
        on database: PostgresConnection
    ) throws -> (org: UUID, lead: UUID)? {
        if !candidates.isEmpty,
            let row = try database.query(
                """
                SELECT org_id, lead_id FROM messages
                WHERE direction = 'outbound' AND message_id_header = ANY($1::text[]) LIMIT 1
                """,
                [PostgresArray(candidates)]
            ).first
        {
            return (try row.decode("org_id"), try row.decode("lead_id"))
        }
        guard !sender.isEmpty, !recipients.isEmpty,
            let row = try database.query(
                """
                SELECT l.org_id, l.id FROM leads l JOIN assistants a ON a.id = l.assistant_id
                WHERE lower(l.email) = $1 AND a.mailbox = ANY($2::text[]) ORDER BY l.updated_at DESC LIMIT 1
                """,
                [sender, PostgresArray(recipients)]
            ).first
        else { return nil }
        return (try row.decode("org_id"), try row.decode("id"))
    }
}
