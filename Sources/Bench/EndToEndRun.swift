import Foundation
import Harness
import Postgres

/// One end-to-end measurement: N contacts bulk-assigned in the sandbox (no rate limit) until every lead
/// has its confirmation note, its first email, and that email's note in JobAdder.
struct EndToEndRun {
    var contacts: Int
    var instances: Int

    struct Result {
        var contacts: Int
        var instances: Int
        var seconds: Double
        var leadLatencies: [Double]
        /// From the status change to its webhook delivery stored by ingest (the first, for duplicates).
        var webhookLatencies: [Double]
        var firstEmailLatencies: [Double]
        var confirmationLatencies: [Double]
        var peakRSS: [String: Double]
        var brokerMessages: Int
        /// From the bulk status change to the last lead row committed.
        var allLeadsSeconds: Double
        /// Handover's notes in JobAdder over the span from the first to the last one written.
        var notesPerSecond: Double

        var contactsPerSecond: Double { Double(contacts) / seconds }
        var brokerMessagesPerSecond: Double { Double(brokerMessages) / seconds }
    }

    func run() throws -> Result {
        let stack = try HandoverStack(name: "bench\(instances)")
        defer { stack.shutdown() }
        // Measure the workers as an operator runs them: the test harness trims nurture's sender threads and
        // polls JobAdder every few seconds.
        stack.setEnvironment("HANDOVER_SENDER_THREADS", nil)
        stack.setEnvironment("HANDOVER_POLL_INTERVAL_SECONDS", nil)
        try stack.createOrgWithAssistants(steps: 2, stepDelayHours: 48)
        try stack.start("ingest")
        try stack.connectJobAdder()
        for worker in ["ingest", "nurture", "writeback"] {
            for _ in (worker == "ingest" ? 1 : 0)..<instances { try stack.start(worker) }
        }

        var ids: [Int] = []
        while ids.count < contacts {
            ids += try stack.createContacts(min(2_000, contacts - ids.count))
        }
        let started = Date()
        let half = ids.count / 2
        try stack.assign(Array(ids[..<half]), to: "ashley@demo")
        try stack.assign(Array(ids[half...]), to: "ben@demo")

        let deadline = TimeInterval(120 + contacts / 20)
        try stack.waitUntil("every lead has its first email sent", timeout: deadline) {
            try stack.count("SELECT count(*) FROM messages WHERE direction = 'outbound' AND status = 'sent'")
                >= contacts
        }
        try stack.waitUntil("every confirmation and email note is in JobAdder", timeout: deadline) {
            let counts = try stack.control("GET", "/accounts/1001/counts") as? [String: Any]
            return (counts?["integrationNotes"] as? Int ?? 0) >= 2 * contacts
        }
        let seconds = Date().timeIntervalSince(started)

        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        func date(_ value: Any?) -> Date? {
            guard let text = value as? String else { return nil }
            return iso.date(from: text) ?? ISO8601DateFormatter().date(from: text)
        }
        var assignedAt: [Int: Date] = [:]
        for change in try stack.statusChanges() where (change["origin"] as? String) == "recruiter" {
            if let contact = change["contactId"] as? Int, let at = date(change["at"]) { assignedAt[contact] = at }
        }
        var confirmedAt: [Int: Date] = [:]
        var noteTimes: [Date] = []
        for note in try stack.notes() where note["reference"] is String {
            guard let at = date(note["createdAt"]) else { continue }
            noteTimes.append(at)
            if (note["type"] as? String) == "General", let contact = note["contactId"] as? Int {
                confirmedAt[contact] = at
            }
        }
        let noteSpan = (noteTimes.max() ?? started).timeIntervalSince(noteTimes.min() ?? started)
        var leadLatencies: [Double] = []
        var emailLatencies: [Double] = []
        var lastLead = started
        for row in try stack.query(
            """
            SELECT l.contact_id, l.created_at, m.sent_at FROM leads l
            LEFT JOIN messages m ON m.lead_id = l.id AND m.direction = 'outbound' AND m.step = 0
            """
        ) {
            let contact = try row.decode("contact_id", as: Int.self)
            guard let assigned = assignedAt[contact] else { continue }
            let created = try row.decode("created_at", as: Date.self)
            leadLatencies.append(created.timeIntervalSince(assigned) * 1000)
            lastLead = max(lastLead, created)
            if let sent = try row.decode("sent_at", as: Date?.self) {
                emailLatencies.append(sent.timeIntervalSince(assigned) * 1000)
            }
        }
        var webhookLatencies: [Double] = []
        for row in try stack.query(
            "SELECT contact_id, min(received_at) AS at FROM webhook_events GROUP BY contact_id"
        ) {
            guard let assigned = assignedAt[try row.decode("contact_id", as: Int.self)] else { continue }
            webhookLatencies.append(try row.decode("at", as: Date.self).timeIntervalSince(assigned) * 1000)
        }
        let confirmationLatencies = confirmedAt.compactMap { contact, at in
            assignedAt[contact].map { at.timeIntervalSince($0) * 1000 }
        }
        var rss: [String: Double] = [:]
        for worker in ["ingest", "nurture", "writeback"] {
            rss[worker] = stack.peakRSS(worker).max() ?? 0
        }
        let brokerMessages = try stack.count("SELECT count(*) FROM inbox")
        return Result(
            contacts: contacts,
            instances: instances,
            seconds: seconds,
            leadLatencies: leadLatencies,
            webhookLatencies: webhookLatencies,
            firstEmailLatencies: emailLatencies,
            confirmationLatencies: confirmationLatencies,
            peakRSS: rss,
            brokerMessages: brokerMessages,
            allLeadsSeconds: lastLead.timeIntervalSince(assignedAt.values.min() ?? started),
            notesPerSecond: noteSpan > 0 ? Double(noteTimes.count) / noteSpan : 0
        )
    }
}

/// The p-th percentile (0…100) of `values`, nearest rank; 0 for none.
func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}
