import Domain
import Foundation
import Mail
import Postgres
import Shared
import Store
import WorkerKit

/// A sender thread: claims due steps (no two instances claim the same), checks every send rule, and
/// sends the step's email over SMTP.
///
/// A send is claimed for (lead, sequence, step) in `messages` before the SMTP transaction and recorded
/// after it; a crash in between leaves the claim, which the next attempt turns into a visible
/// `outcome_unknown` record instead of sending again. The lead's advisory lock is held on this thread's
/// session from the checks until the send is recorded, so a reply being read waits and wins the race.
final class StepSender: @unchecked Sendable {
    private let configuration: WorkerConfiguration
    private let settings: NurtureSettings
    private let signer: LinkSigner
    private let shutdown: ShutdownSignal
    private let logger: Logger
    private let metrics = MetricsRegistry.shared
    /// More than the senders that can run at once across all instances (threads × instances).
    static let capMargin = 256

    init(configuration: WorkerConfiguration, settings: NurtureSettings, shutdown: ShutdownSignal, logger: Logger) {
        self.configuration = configuration
        self.settings = settings
        self.signer = LinkSigner(key: settings.signingKey)
        self.shutdown = shutdown
        self.logger = logger
    }

    struct DueStep {
        var leadID: UUID
        var orgID: UUID
        var step: Int
        var sequence: Int
    }

    func run() {
        let smtp = SMTPSender(configuration: settings.smtp, logger: logger)
        defer { smtp.close() }
        while !shutdown.isRequested {
            do {
                let database = try PostgresConnection.connect(
                    url: configuration.databaseURL,
                    applicationName: "nurture-sender"
                )
                defer { database.close() }
                while !shutdown.isRequested {
                    let due = try claim(on: database)
                    if due.isEmpty {
                        Thread.sleep(forTimeInterval: 0.2)
                        continue
                    }
                    for step in due where !shutdown.isRequested {
                        do {
                            try send(step, smtp: smtp, database: database)
                        } catch {
                            logger.error("step failed", ["lead_id": step.leadID.uuidString, "error": "\(error)"])
                            try? release(step, retryAt: Date().addingTimeInterval(60), on: database)
                        }
                    }
                }
            } catch {
                logger.error("sender failed; restarting", ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    private func claim(on database: PostgresConnection) throws -> [DueStep] {
        try database.systemTransaction { database in
            try database.query(
                """
                -- A materialized batch is chosen once (see Outbox.take for what the IN form did).
                WITH batch AS MATERIALIZED (
                    SELECT lead_id FROM due_steps
                    WHERE due_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
                    ORDER BY due_at LIMIT 20 FOR UPDATE SKIP LOCKED)
                UPDATE due_steps SET claimed_until = now() + interval '2 minutes', claimed_by = $1
                FROM batch WHERE due_steps.lead_id = batch.lead_id
                RETURNING due_steps.lead_id, org_id, step, sequence_number
                """,
                [configuration.instanceID]
            ).map { row in
                DueStep(
                    leadID: try row.decode("lead_id"),
                    orgID: try row.decode("org_id"),
                    step: try row.decode("step"),
                    sequence: try row.decode("sequence_number")
                )
            }
        }
    }

    private func release(_ step: DueStep, retryAt: Date, on database: PostgresConnection) throws {
        try database.transaction(org: step.orgID) { database in
            try database.execute(
                "UPDATE due_steps SET due_at = $2, claimed_until = NULL WHERE lead_id = $1",
                [step.leadID, retryAt]
            )
        }
    }

    /// What the checks decided before any SMTP traffic.
    private enum Preparation {
        case send(OutgoingEmail, messageRowID: UUID, assistantMailbox: String, contactEmail: String)
        case done
    }

    private func send(_ step: DueStep, smtp: SMTPSender, database: PostgresConnection) throws {
        let lockKey = LeadUpdater.lockKey(step.leadID)
        try database.execute("SELECT pg_advisory_lock(hashtextextended($1, 0))", [lockKey])
        defer { _ = try? database.execute("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockKey]) }

        let preparation = try database.transaction(org: step.orgID) { database in
            try prepare(step, on: database)
        }
        guard case .send(let email, let rowID, let mailbox, let recipient) = preparation else { return }

        let outcome: String
        var failure: SMTPSendError?
        do {
            _ = try smtp.send(from: mailbox, recipients: [recipient], data: try email.render())
            outcome = "sent"
        } catch let error as SMTPSendError {
            failure = error
            outcome = error.isDefinitelyNotDelivered ? "failed" : "outcome_unknown"
        }
        metrics.increment(
            "handover_emails_sent_total",
            help: "Emails handed to the SMTP relay, by outcome.",
            labels: [("outcome", outcome)]
        )
        try database.transaction(org: step.orgID) { database in
            try record(step, rowID: rowID, email: email, outcome: outcome, failure: failure, on: database)
        }
    }

    /// Checks every send rule under the lead lock and claims the send; returns the email to send.
    private func prepare(_ step: DueStep, on database: PostgresConnection) throws -> Preparation {
        let now = Date()
        guard let loaded = try LeadUpdater.load(step.leadID, on: database),
            let row = try database.query(
                """
                SELECT l.email, l.first_name, l.last_name, l.sequence_number, a.id AS assistant_id, a.mailbox,
                    a.display_name, a.daily_cap, a.min_spacing_seconds, a.spacing_jitter_seconds, a.next_send_at,
                    c.definition::text AS context, o.name AS org_name,
                    EXISTS (SELECT 1 FROM suppressions s WHERE lower(s.email) = lower(l.email)) AS suppressed
                FROM leads l JOIN assistants a ON a.id = l.assistant_id JOIN orgs o ON o.id = l.org_id
                LEFT JOIN contexts c ON c.id = l.context_id
                WHERE l.id = $1
                """,
                [step.leadID]
            ).first
        else { return .done }
        let lead = loaded.snapshot

        guard lead.state.allowsSending, try row.decode("sequence_number", as: Int.self) == step.sequence else {
            try database.execute("DELETE FROM due_steps WHERE lead_id = $1", [step.leadID])
            return .done
        }
        if let paused = lead.pausedUntil, paused > now {
            try reschedule(step, to: paused, on: database)
            return .done
        }
        if step.step >= lead.stepCount {
            try database.execute("DELETE FROM due_steps WHERE lead_id = $1", [step.leadID])
            try LeadUpdater.apply(.scheduleFinished, to: loaded, orgID: step.orgID, at: now, on: database)
            return .done
        }
        guard let plan = try StepPlanner.plan(leadID: step.leadID, on: database) else { return .done }
        let allowedAt = SendPlanner.earliestAllowed(
            atOrAfter: now,
            window: plan.schedule.sendWindow,
            holidays: plan.schedule.holidays,
            timeZone: plan.timeZone
        )
        if allowedAt > now.addingTimeInterval(1) {
            try reschedule(step, to: allowedAt, on: database)
            return .done
        }
        let contactEmail = try row.decode("email", as: String?.self) ?? ""
        if try row.decode("suppressed", as: Bool.self) || contactEmail.isEmpty {
            try LeadUpdater.apply(.deactivatedByAdmin, to: loaded, orgID: step.orgID, at: now, on: database)
            return .done
        }

        let assistantID = try row.decode("assistant_id", as: UUID.self)
        let cap = try row.decode("daily_cap", as: Int.self)
        let spacing = Double(try row.decode("min_spacing_seconds", as: Int.self))
        let jitter = Double(try row.decode("spacing_jitter_seconds", as: Int.self))
        let isPaced = spacing > 0 || jitter > 0
        /// The mailbox's sends in the last 24 hours, counted no further than the cap (all the checks need).
        func sentInLastDay() throws -> Int {
            try database.query(
                """
                SELECT count(*) AS n FROM (
                    SELECT 1 FROM messages
                    WHERE assistant_id = $1 AND direction = 'outbound'
                        AND status IN ('claimed', 'sent', 'outcome_unknown')
                        AND coalesce(sent_at, claimed_at) > now() - interval '24 hours'
                    LIMIT $2
                ) AS recent
                """,
                [assistantID, cap]
            ).first?.decode("n", as: Int.self) ?? 0
        }
        // Sends of one mailbox serialize on the assistant's row only when they must: when sends are spaced,
        // or when the rolling 24-hour count is near the cap. Far from the cap, no number of concurrent
        // senders (at most `Self.capMargin`) can reach it, so they need not wait for each other.
        var sent = try sentInLastDay()
        if isPaced || sent >= cap - Self.capMargin {
            try database.execute("SELECT 1 FROM assistants WHERE id = $1 FOR UPDATE", [assistantID])
            sent = try sentInLastDay()
        }
        if sent >= cap {
            let recent = try database.query(
                """
                SELECT coalesce(sent_at, claimed_at) AS at FROM messages
                WHERE assistant_id = $1 AND direction = 'outbound'
                    AND status IN ('claimed', 'sent', 'outcome_unknown')
                    AND coalesce(sent_at, claimed_at) > now() - interval '24 hours'
                ORDER BY 1 LIMIT $2
                """,
                [assistantID, cap]
            ).map { try $0.decode("at", as: Date.self) }
            let capCheck = DailyCap.allows(sentTimes: recent, now: now, cap: cap)
            try reschedule(step, to: capCheck.nextAllowedAt ?? now.addingTimeInterval(3600), on: database)
            return .done
        }
        if isPaced {
            if let next = try row.decode("next_send_at", as: Date?.self), next > now {
                try reschedule(step, to: next, on: database)
                return .done
            }
            let nextSlot = now.addingTimeInterval(spacing + (jitter > 0 ? Double.random(in: 0...jitter) : 0))
            try database.execute("UPDATE assistants SET next_send_at = $2 WHERE id = $1", [assistantID, nextSlot])
        }

        guard let contextText = try row.decode("context", as: String?.self) else {
            throw NurtureProblem("lead \(step.leadID) has no context")
        }
        let context = try ContextDefinition.parse(json: Array(contextText.utf8))
        let template = context.steps[min(step.step, context.steps.count - 1)]
        let mailbox = try row.decode("mailbox", as: String.self)
        let assistantName = try row.decode("display_name", as: String.self)
        let messageRowID = UUID()
        let unsubscribeURL =
            "\(settings.publicURL)/unsubscribe/" + signer.token(messageID: messageRowID, purpose: "unsubscribe")
        let firstName = try row.decode("first_name", as: String?.self) ?? ""
        let lastName = try row.decode("last_name", as: String?.self) ?? ""
        let fields: [String: String] = [
            MergeField.contactFirstName: firstName, MergeField.contactLastName: lastName,
            MergeField.contactFullName: [firstName, lastName].filter { !$0.isEmpty }.joined(separator: " "),
            MergeField.contactEmail: contactEmail, MergeField.assistantName: assistantName,
            MergeField.assistantFirstName: String(assistantName.split(separator: " ").first ?? ""),
            MergeField.assistantEmail: mailbox, MergeField.orgName: try row.decode("org_name", as: String.self),
            MergeField.unsubscribeURL: unsubscribeURL, MergeField.signature: context.signature,
        ]
        let subjectResult = TemplateRenderer.render(template.subject, fields: fields)
        let bodyResult = TemplateRenderer.render(template.body, fields: fields)
        guard case .rendered(let subject) = subjectResult, case .rendered(let body) = bodyResult else {
            let reason = "step \(step.step + 1) held: " + Self.holdReason(subjectResult, bodyResult)
            try database.execute("DELETE FROM due_steps WHERE lead_id = $1", [step.leadID])
            try database.execute(
                "UPDATE leads SET state_reason = $2, updated_at = now() WHERE id = $1",
                [step.leadID, reason]
            )
            try database.execute(
                """
                INSERT INTO lead_events (org_id, lead_id, kind, from_state, to_state, cause)
                VALUES ($1, $2, 'step_held', $3, $3, $4)
                """,
                [step.orgID, step.leadID, lead.state.rawValue, reason]
            )
            logger.warning("step held", ["lead_id": step.leadID.uuidString, "reason": reason])
            return .done
        }

        let messageID = MessageIDGenerator.make(domain: settings.messageIDDomain)
        let first = try database.query(
            """
            SELECT message_id_header FROM messages
            WHERE lead_id = $1 AND direction = 'outbound' AND sequence_number = $2 AND step = 0
            """,
            [step.leadID, step.sequence]
        ).first.map { try $0.decode("message_id_header", as: String.self) }
        // Claim the send. An existing claim for this step means an earlier attempt stopped between the
        // claim and its record (a crash mid-send): the email may have gone out, so it is marked
        // outcome_unknown for an operator and never sent again. The conflict is absorbed in SQL, not
        // caught as an error, which would abort this transaction.
        let claimed = try database.query(
            """
            INSERT INTO messages (id, org_id, lead_id, assistant_id, direction, sequence_number, step,
                message_id_header, in_reply_to, subject, status, claimed_at)
            VALUES ($1, $2, $3, $4, 'outbound', $5, $6, $7, $8, $9, 'claimed', now())
            ON CONFLICT DO NOTHING RETURNING id
            """,
            [
                messageRowID, step.orgID, step.leadID, assistantID, step.sequence, step.step,
                MessageID.bare(messageID), first, subject,
            ]
        )
        guard !claimed.isEmpty else {
            try database.execute(
                """
                UPDATE messages SET status = 'outcome_unknown'
                WHERE lead_id = $1 AND sequence_number = $2 AND step = $3 AND direction = 'outbound'
                    AND status = 'claimed'
                """,
                [step.leadID, step.sequence, step.step]
            )
            try stopAfterUnknownOutcome(
                step,
                why: "an earlier attempt stopped between claiming and recording the send",
                on: database
            )
            logger.error(
                "earlier send of this step may have happened; not sending again",
                ["lead_id": step.leadID.uuidString, "step": String(step.step)]
            )
            return .done
        }
        let threadRoot = context.threading ? first : nil
        let html = TrackedHTMLBody(
            publicURL: settings.publicURL,
            signer: signer,
            messageRowID: messageRowID,
            unsubscribeURL: unsubscribeURL
        )
        let email = OutgoingEmail(
            from: MailAddress(address: mailbox, name: context.senderName.isEmpty ? assistantName : context.senderName),
            to: MailAddress(address: contactEmail, name: fields[MergeField.contactFullName]),
            subject: threadRoot == nil ? subject : "Re: \(subject)",
            textBody: body,
            htmlBody: html.render(body),
            messageID: messageID,
            inReplyTo: threadRoot,
            references: threadRoot.map { [$0] } ?? [],
            listUnsubscribeURL: unsubscribeURL
        )
        return .send(email, messageRowID: messageRowID, assistantMailbox: mailbox, contactEmail: contactEmail)
    }

    private func reschedule(_ step: DueStep, to time: Date, on database: PostgresConnection) throws {
        try database.execute(
            "UPDATE due_steps SET due_at = $2, claimed_until = NULL WHERE lead_id = $1",
            [step.leadID, time]
        )
    }

    private func record(
        _ step: DueStep,
        rowID: UUID,
        email: OutgoingEmail,
        outcome: String,
        failure: SMTPSendError?,
        on database: PostgresConnection
    ) throws {
        let now = Date()
        try database.execute(
            """
            UPDATE messages SET status = $2, sent_at = CASE WHEN $2 = 'sent' THEN now() END, detail = $3::jsonb
            WHERE id = $1
            """,
            [rowID, outcome, failure.map { "{\"error\":\(JSONText.quote($0.description))}" }]
        )
        switch outcome {
        case "sent":
            let summary = EmailSummary(
                messageID: MessageID.bare(email.messageID),
                subject: email.subject,
                body: email.textBody
            )
            guard
                let transition = try LeadUpdater.apply(
                    .emailSent(step: step.step, email: summary),
                    leadID: step.leadID,
                    orgID: step.orgID,
                    at: now,
                    on: database
                ), let plan = try StepPlanner.plan(leadID: step.leadID, on: database)
            else { return }
            if transition.newState.allowsSending || transition.newState.isBeingWorked {
                let next = step.step + 1
                try StepPlanner.schedule(
                    leadID: step.leadID,
                    step: next,
                    sequence: step.sequence,
                    dueAt: StepPlanner.dueTime(step: next, after: now, plan: plan),
                    on: database
                )
            }
        case "failed":
            try database.execute("DELETE FROM messages WHERE id = $1", [rowID])
            if case .rejectedRecipient = failure {
                // The relay refused this address outright: that is a hard bounce for the lead.
                try LeadUpdater.apply(
                    .bounced(hard: true),
                    leadID: step.leadID,
                    orgID: step.orgID,
                    at: now,
                    on: database
                )
            } else {
                // A relay-side problem (4xx, a dropped connection, refused credentials or message) says
                // nothing about the lead: try the step again later and let the operator see the error.
                let delay: TimeInterval = failure?.isRetryable == true ? 300 : 900
                try reschedule(step, to: now.addingTimeInterval(delay), on: database)
                logger.error(
                    "email not sent; step rescheduled",
                    ["lead_id": step.leadID.uuidString, "error": failure?.description ?? "unknown"]
                )
            }
        default:
            try stopAfterUnknownOutcome(step, why: "connection lost after the message was sent", on: database)
        }
    }

    /// A send of `step` may or may not have reached the relay: the lead's schedule stops here (it is never
    /// resent) and its history says why, for an operator to look at.
    private func stopAfterUnknownOutcome(_ step: DueStep, why: String, on database: PostgresConnection) throws {
        try database.execute("DELETE FROM due_steps WHERE lead_id = $1", [step.leadID])
        try database.execute(
            "INSERT INTO lead_events (org_id, lead_id, kind, cause) VALUES ($1, $2, 'send_outcome_unknown', $3)",
            [step.orgID, step.leadID, "step \(step.step + 1): \(why); not resent"]
        )
    }

    /// Why a step could not be rendered, naming the fields so the admin can add a fallback or fill them.
    static func holdReason(_ results: RenderResult...) -> String {
        var missing: [String] = []
        var invalid: [String] = []
        for result in results {
            switch result {
            case .held(let fields): missing += fields.filter { !missing.contains($0) }
            case .invalid(let error): invalid.append("\(error)")
            case .rendered: break
            }
        }
        if !invalid.isEmpty { return "the template is malformed (\(invalid.joined(separator: "; ")))" }
        let names = missing.map { "{{\($0)}}" }.joined(separator: ", ")
        return "\(names) \(missing.count == 1 ? "has" : "have") no value for this contact and no fallback"
    }
}
