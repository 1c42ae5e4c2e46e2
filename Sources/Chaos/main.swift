import Foundation
import Harness

// handover-chaos: bulk-assigns contacts while killing workers, restarting the broker and the database and
// turning on JobAdder faults; then reconciles what JobAdder (the sandbox) and the SMTP server hold against
// what was expected. Prints the ledger and writes chaos/results/latest.json. Exits 1 on any loss or
// duplicate.
//
//   handover-chaos [--contacts N] [--seconds S]

var options: [String: String] = [:]
var arguments = Array(CommandLine.arguments.dropFirst())
while arguments.count >= 2, arguments[0].hasPrefix("--") {
    options[String(arguments[0].dropFirst(2))] = arguments[1]
    arguments.removeFirst(2)
}
guard arguments.isEmpty, let contacts = Int(options["contacts"] ?? "3000"), contacts >= 10,
    let seconds = Double(options["seconds"] ?? "60"), seconds > 0
else {
    FileHandle.standardError.write(Data("usage: handover-chaos [--contacts N ≥ 10] [--seconds S]\n".utf8))
    exit(2)
}

let services = HandoverStack.repositoryRoot.appendingPathComponent("scripts/services.sh").path

func runServices(_ command: String) {
    HandoverStack.run("/bin/bash", [services, command])
}

/// Runs the disruption and the reconciliation; true when nothing was lost or duplicated.
func runChaos() throws -> Bool {
    let stack = try HandoverStack(name: "chaos")
    defer { stack.shutdown() }
    try stack.createOrgWithAssistants(steps: 2, stepDelayHours: 48)
    try stack.start("ingest")
    try stack.connectJobAdder()
    for worker in ["ingest", "nurture", "writeback"] {
        for _ in (worker == "ingest" ? 1 : 0)..<2 { try stack.start(worker) }
    }

    // A few contacts without an email address: each must get exactly one rejection note and one
    // Inactive Contact status write.
    let rejected = max(1, contacts / 100)
    var valid: [Int] = []
    while valid.count < contacts - rejected {
        valid += try stack.createContacts(min(2_000, contacts - rejected - valid.count))
    }
    let reply = try stack.control(
        "POST",
        "/accounts/1001/contacts",
        ["contacts": (0..<rejected).map { ["firstName": "NoEmail\($0)", "lastName": "Contact"] }]
    )
    let invalid = ((reply as? [String: Any])?["contactIds"] as? [Int]) ?? []
    try stack.assign(valid + invalid, to: "ashley@demo")
    let started = Date()
    print("chaos: \(valid.count + invalid.count) contacts assigned; disrupting for \(Int(seconds)) s")

    let actions: [(String, () throws -> Void)] = [
        (
            "kill -9 ingest",
            {
                stack.kill("ingest"); try stack.start("ingest")
            }
        ),
        (
            "kill -9 nurture",
            {
                stack.kill("nurture"); try stack.start("nurture")
            }
        ),
        (
            "kill -9 writeback",
            {
                stack.kill("writeback"); try stack.start("writeback")
            }
        ),
        (
            "JobAdder 5xx 20% + 50 ms latency",
            {
                try stack.control("PUT", "/accounts/1001/settings", ["faults": ["errorRate": 0.2, "latencyMs": 50]])
            }
        ),
        ("restart RabbitMQ", { runServices("restart-rabbitmq") }),
        (
            "JobAdder 429 (rate limit 20/s)",
            {
                try stack.control("PUT", "/accounts/1001/settings", ["faults": NSNull(), "rateLimit": 20])
            }
        ),
        ("restart PostgreSQL", { runServices("restart-postgres") }),
        ("JobAdder faults off", { try stack.control("PUT", "/accounts/1001/settings", ["rateLimit": NSNull()]) }),
    ]
    var round = 0
    while Date().timeIntervalSince(started) < seconds {
        let (name, action) = actions[round % actions.count]
        print("chaos: \(name)")
        do { try action() } catch { print("chaos: \(name) failed: \(error)") }
        round += 1
        Thread.sleep(forTimeInterval: 4)
    }
    try? stack.control("PUT", "/accounts/1001/settings", ["faults": NSNull(), "rateLimit": NSNull()])
    for worker in ["ingest", "nurture", "writeback"] where stack.peakRSS(worker).isEmpty {
        try stack.start(worker)
    }

    print("chaos: disruption over; waiting for the work to settle")
    let expectedNotes = valid.count * 2 + invalid.count
    try? stack.waitUntil("all work is done", timeout: 600) {
        let sent = try stack.count("SELECT count(*) FROM messages WHERE direction = 'outbound' AND status <> 'claimed'")
        let counts = try stack.control("GET", "/accounts/1001/counts") as? [String: Any]
        return sent >= valid.count && (counts?["integrationNotes"] as? Int ?? 0) >= expectedNotes
    }
    Thread.sleep(forTimeInterval: 5)

    // Reconcile from what the outside world holds.
    let leads = try stack.count("SELECT count(*) FROM leads")
    let distinctLeads = try stack.count("SELECT count(DISTINCT contact_id) FROM leads")
    let notes = try stack.notes().filter { $0["reference"] is String }
    let distinctNotes = Set(notes.map { "\($0["contactId"] ?? "")|\($0["reference"] ?? "")" })
    let statusWrites = try stack.statusChanges().filter { ($0["origin"] as? String) != "recruiter" }
    let distinctStatus = Set(statusWrites.map { "\($0["contactId"] ?? "")|\($0["statusName"] ?? "")" })
    let emails = stack.sentEmails()
    var perRecipient: [String: Int] = [:]
    for texts in emails.values {
        for text in texts {
            let to = text.split(separator: "\n").first { $0.lowercased().hasPrefix("to:") }.map(String.init) ?? ""
            perRecipient[to, default: 0] += 1
        }
    }
    let unknownOutcomes = try stack.count("SELECT count(*) FROM messages WHERE status = 'outcome_unknown'")
    let emailCount = perRecipient.values.reduce(0, +)

    func entry(expected: Int, found: Int, distinct: Int) -> [String: Int] {
        ["expected": expected, "found": found, "lost": max(0, expected - distinct), "duplicates": found - distinct]
    }
    let ledger: [String: [String: Int]] = [
        "leads": entry(expected: valid.count, found: leads, distinct: distinctLeads),
        "notes": entry(expected: expectedNotes, found: notes.count, distinct: distinctNotes.count),
        "status_writes": entry(expected: invalid.count, found: statusWrites.count, distinct: distinctStatus.count),
        // A send whose outcome is unknown is recorded, not repeated: it counts as neither lost nor duplicated.
        "emails": entry(expected: valid.count - unknownOutcomes, found: emailCount, distinct: perRecipient.count),
    ]
    print("\nledger          expected    found     lost  duplicates")
    for name in ["leads", "notes", "status_writes", "emails"] {
        let row = ledger[name] ?? [:]
        let cells = ["expected", "found", "lost", "duplicates"].map { String(row[$0] ?? 0) }
        print(
            name.padding(toLength: 14, withPad: " ", startingAt: 0)
                + cells.map { String(repeating: " ", count: max(0, 10 - $0.count)) + $0 }.joined()
        )
    }
    print("emails with outcome unknown (recorded, not resent): \(unknownOutcomes)")
    var report: [String: Any] = ledger
    report["disruption_seconds"] = seconds
    report["emails_outcome_unknown"] = unknownOutcomes
    report["elapsed_seconds"] = Date().timeIntervalSince(started).rounded()
    let directory = HandoverStack.repositoryRoot.appendingPathComponent("chaos/results")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
        .write(to: directory.appendingPathComponent("latest.json"))
    print("written: chaos/results/latest.json")
    return ledger.values.allSatisfy { ($0["lost"] ?? 1) == 0 && ($0["duplicates"] ?? 1) == 0 }
}

do {
    exit(try runChaos() ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("chaos failed: \(error)\n".utf8))
    exit(1)
}
