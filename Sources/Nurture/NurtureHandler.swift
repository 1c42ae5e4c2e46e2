import Domain
import Foundation
import Mail
import Postgres
import Shared
import Store
import WorkerKit

/// Handles nurture's queue: plans a newly assigned lead's first step, and reads inbound email
/// (replies, automatic replies, bounces) into the lead's state machine.
final class NurtureHandler: MessageHandler, Sendable {
    private let classifier: any ReplyClassifier

    init(classifier: any ReplyClassifier) {
        self.classifier = classifier
    }

    func handle(_ batch: [InboundWork], database: PostgresConnection, logger: Logger) -> [WorkOutcome] {
        batch.map { work in
            let message = work.message
            do {
                return try database.transaction(org: message.orgID) { database in
                    let fresh = try Inbox.claim([message.id], consumer: "nurture", orgID: message.orgID, on: database)
                    guard fresh.contains(message.id) else { return .done }
                    switch message.kind {
                    case .leadAssigned:
                        try planFirstStep(message, on: database)
                    case .inboundEmail:
                        try readInbound(message, on: database, logger: logger)
                    default:
                        return .park(reason: "nurture does not handle \(message.kind.rawValue) messages")
                    }
                    return .done
                }
            } catch let error as NurtureProblem {
                return .park(reason: error.description)
            } catch {
                return .retry(reason: "\(error)")
            }
        }
    }

    private func planFirstStep(_ message: WorkMessage, on database: PostgresConnection) throws {
        guard let leadID = message.leadID, let sequence = message.payload["sequence"].flatMap(Int.init) else {
            throw NurtureProblem("leadAssigned without lead id or sequence")
        }
        guard let plan = try StepPlanner.plan(leadID: leadID, on: database) else {
            throw NurtureProblem("lead \(leadID) has no schedule")
        }
        let dueAt = StepPlanner.dueTime(step: 0, after: Date(), plan: plan)
        try StepPlanner.schedule(leadID: leadID, step: 0, sequence: sequence, dueAt: dueAt, on: database)
    }

    private func readInbound(_ message: WorkMessage, on database: PostgresConnection, logger: Logger) throws {
        guard let leadID = message.leadID, let raw = message.payload["raw"].flatMap({ Data(base64Encoded: $0) })
        else { throw NurtureProblem("inbound email without lead id or body") }
        let email: InboundEmail
        do {
            email = try InboundEmail.parse(raw: [UInt8](raw))
        } catch {
            throw NurtureProblem("inbound email cannot be parsed: \(error)")
        }
        let classification = classifier.classify(email)
        let messageIDHeader = email.messageID ?? "handover-inbound-\(message.id)"
        let inserted = try database.query(
            """
            INSERT INTO messages (org_id, lead_id, assistant_id, direction, message_id_header, in_reply_to, subject,
                status, classification, classifier, confidence, received_at)
            SELECT l.org_id, l.id, l.assistant_id, 'inbound', $2, $3, $4, 'received', $5, $6, $7, now()
            FROM leads l WHERE l.id = $1
            ON CONFLICT DO NOTHING RETURNING id
            """,
            [
                leadID, messageIDHeader, email.inReplyTo, String(email.subject.prefix(500)),
                classification.kind.label, classification.classifierName, classification.confidence,
            ]
        )
        guard !inserted.isEmpty else { return }

        let summary = EmailSummary(
            messageID: messageIDHeader,
            subject: email.subject,
            body: String(email.textBody.prefix(4000))
        )
        let event: LeadEvent
        switch classification.kind {
        case .bounce(let hard): event = .bounced(hard: hard)
        case .autoReply(let returnDate): event = .autoReply(returnDate: returnDate, email: summary)
        case .unsubscribeRequest: event = .replied(.unsubscribeRequest, email: summary)
        case .interested(let interest): event = .replied(.interested(interest.domainInterest), email: summary)
        case .other: event = .replied(.other, email: summary)
        }
        let transition = try LeadUpdater.apply(event, leadID: leadID, orgID: message.orgID, at: Date(), on: database)
        if case .unsubscribeRequest = classification.kind, let address = email.from?.address {
            try database.execute(
                "INSERT INTO suppressions (org_id, email, reason) VALUES ($1, $2, 'asked not to be emailed') "
                    + "ON CONFLICT DO NOTHING",
                [message.orgID, address.lowercased()]
            )
        }
        MetricsRegistry.shared.increment(
            "handover_inbound_emails_total",
            help: "Inbound emails read, by classification.",
            labels: [("classification", classification.kind.label)]
        )
        logger.info(
            "inbound email classified",
            [
                "org_id": message.orgID.uuidString, "lead_id": leadID.uuidString,
                "classification": classification.kind.label, "state": transition?.newState.rawValue ?? "-",
            ]
        )
    }
}

/// A nurture message that can never succeed as it is; parked with this reason.
struct NurtureProblem: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
