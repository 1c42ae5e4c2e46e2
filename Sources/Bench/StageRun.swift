import Foundation
import Harness

/// Each worker's throughput on its own: the stages run one after another, each starting only when the
/// one before has finished, so a stage's figure is not shared with the others' CPU.
///
/// Ingest takes N bulk-assigned contacts over while nurture and writeback are stopped (their queues
/// fill); then nurture alone sends every first email; then writeback alone writes every note.
struct StageRun {
    var contacts: Int

    struct Result {
        var leadsPerSecond: Double
        var emailsPerSecond: Double
        var notesPerSecond: Double
    }

    func run() throws -> Result {
        let stack = try HandoverStack.makeForBench(name: "stages")
        defer { stack.shutdown() }
        let ids = try stack.createContacts(inBatches: contacts)
        let deadline = TimeInterval(120 + contacts / 20)

        let assigned = Date()
        try stack.assign(ids, to: "ashley@demo")
        try stack.waitUntil("ingest alone creates every lead", timeout: deadline) {
            try stack.count("SELECT count(*) FROM leads") >= contacts
        }
        let leadSeconds = Date().timeIntervalSince(assigned)

        let nurtureStarted = Date()
        try stack.start("nurture")
        try stack.waitUntil("nurture alone sends every first email", timeout: deadline) {
            try stack.count("SELECT count(*) FROM messages WHERE direction = 'outbound' AND status = 'sent'")
                >= contacts
        }
        let emailSeconds = Date().timeIntervalSince(nurtureStarted)

        let writebackStarted = Date()
        try stack.start("writeback")
        try stack.waitUntil("writeback alone writes every note", timeout: deadline) {
            let counts = try stack.control("GET", "/accounts/1001/counts") as? [String: Any]
            return (counts?["integrationNotes"] as? Int ?? 0) >= 2 * contacts
        }
        let noteSeconds = Date().timeIntervalSince(writebackStarted)

        return Result(
            leadsPerSecond: Double(contacts) / leadSeconds,
            emailsPerSecond: Double(contacts) / emailSeconds,
            notesPerSecond: Double(2 * contacts) / noteSeconds
        )
    }
}
