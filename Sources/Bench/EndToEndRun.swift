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
        /// Contacts assigned one at a time on the idle system: status change → lead row.
        var singleLeadLatencies: [Double]
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
        let stack = try HandoverStack.makeForBench(name: "bench\(instances)")
        defer { stack.shutdown() }
        for worker in ["ingest", "nurture", "writeback"] {
            for _ in (worker == "ingest" ? 1 : 0)..<instances { try stack.start(worker) }
        }

        let singleLatencies = try measureSingleAssignments(on: stack)

        let ids = try stack.createContacts(inBatches: contacts)
        let started = Date()
        let half = ids.count / 2
        try stack.assign(Array(ids[..<half]), to: "ashley@demo")
        try stack.assign(Array(ids[half...]), to: "ben@demo")

        let deadline = TimeInterval(120 + contacts / 20)
        try stack.waitUntil("every lead has its first email sent", timeout: deadline) {
            try stack.count("SELECT count(*) FROM messages WHERE direction = 'outbound' AND status = 'sent'")
                >= contacts + Self.singleProbes
        }
        try stack.waitUntil("every confirmation and email note is in JobAdder", timeout: deadline) {
            let counts = try stack.control("GET", "/accounts/1001/counts") as? [String: Any]
            return (counts?["integrationNotes"] as? Int ?? 0) >= 2 * (contacts + Self.singleProbes)
        }
        let seconds = Date().timeIntervalSince(started)

        func date(_ value: Any?) -> Date? {
            (value as? String).flatMap(Self.parseDate)
        }
        let bulk = Set(ids)
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
            guard let assigned = assignedAt[contact], bulk.contains(contact) else { continue }
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
            singleLeadLatencies: singleLatencies,
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

extension EndToEndRun {
    /// How many contacts the single-assignment probe assigns, one after another.
    static let singleProbes = 50

    /// Assigns contacts one at a time, each after the previous one's lead exists, and returns each one's
    /// latency from JobAdder's status change to the lead row (both clocks on this machine), in ms.
    func measureSingleAssignments(on stack: HandoverStack) throws -> [Double] {
        var latencies: [Double] = []
        for contact in try stack.createContacts(Self.singleProbes) {
            try stack.assign([contact], to: "ashley@demo")
            var created: Date?
            let deadline = Date().addingTimeInterval(30)
            while created == nil, Date() < deadline {
                created = try stack.query("SELECT created_at FROM leads WHERE contact_id = \(contact)").first?
                    .decode("created_at", as: Date.self)
                if created == nil { Thread.sleep(forTimeInterval: 0.005) }
            }
            let change = try stack.statusChanges().last { ($0["contactId"] as? Int) == contact }
            guard let created, let at = (change?["at"] as? String).flatMap(Self.parseDate) else {
                throw StackError("no lead for probe contact \(contact) within 30 s")
            }
            latencies.append(created.timeIntervalSince(at) * 1000)
        }
        return latencies
    }

    /// Parsers for sandbox timestamps; the benchmark reads them on one thread only.
    nonisolated(unsafe) private static let withFraction: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
    nonisolated(unsafe) private static let withoutFraction = ISO8601DateFormatter()

    /// A sandbox timestamp (ISO 8601, with or without fractional seconds).
    static func parseDate(_ text: String) -> Date? {
        withFraction.date(from: text) ?? withoutFraction.date(from: text)
    }
}

/// The p-th percentile (0…100) of `values`, nearest rank; 0 for none.
func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}
