import Foundation
import Harness

// handover-bench: the raw broker and database floor, then Handover end to end with one and two
// instances of each worker, then each worker's throughput with the others stopped. Prints a table and writes
// bench/results/latest.json.
//
//   handover-bench [--contacts N] [--instances 1,2] [--raw-messages N]

var options: [String: String] = [:]
var arguments = Array(CommandLine.arguments.dropFirst())
while arguments.count >= 2, arguments[0].hasPrefix("--") {
    options[String(arguments[0].dropFirst(2))] = arguments[1]
    arguments.removeFirst(2)
}
guard arguments.isEmpty,
    let contacts = Int(options["contacts"] ?? "10000"), contacts > 0,
    let rawMessages = Int(options["raw-messages"] ?? "20000"), rawMessages > 0
else {
    FileHandle.standardError.write(
        Data("usage: handover-bench [--contacts N] [--instances 1,2] [--raw-messages N]\n".utf8)
    )
    exit(2)
}
let instanceCounts = (options["instances"] ?? "1,2").split(separator: ",").compactMap { Int($0) }

do {
    print("raw floor: AMQP publish+confirm+consume, \(rawMessages) persistent 600-byte messages, quorum queue…")
    let rawAMQP = try RawFloor.amqpMessagesPerSecond(url: HandoverStack.amqpURL, count: rawMessages, messageBytes: 600)
    print("raw floor: PostgreSQL single-row commits…")
    let rawPG = try RawFloor.postgresCommitsPerSecond(url: HandoverStack.ownerURL, count: 2_000)

    var results: [EndToEndRun.Result] = []
    for instances in instanceCounts {
        print("end to end: \(contacts) contacts, \(instances) instance(s) of each worker…")
        results.append(try EndToEndRun(contacts: contacts, instances: instances).run())
    }

    var report: [String: Any] = [
        "raw_amqp_msgs_per_s": rawAMQP.rounded(),
        "raw_pg_commits_per_s": rawPG.rounded(),
        "machine_cores": ProcessInfo.processInfo.activeProcessorCount,
    ]
    print("")
    func row(_ name: String, _ value: String) {
        print(
            name.padding(toLength: 46, withPad: " ", startingAt: 0)
                + String(repeating: " ", count: max(0, 14 - value.count)) + value
        )
    }
    row("figure", "value")
    row("raw AMQP msgs/s (publish+confirm+consume)", String(format: "%.0f", rawAMQP))
    row("raw PostgreSQL single-row commits/s", String(format: "%.0f", rawPG))
    for result in results {
        let key = result.instances == 1 ? "" : "x\(result.instances)_"
        let figures: [(String, Double)] = [
            ("contacts", Double(result.contacts)),
            ("contacts_per_s", result.contactsPerSecond),
            ("single_lead_latency_p50_ms", percentile(result.singleLeadLatencies, 50)),
            ("single_lead_latency_p99_ms", percentile(result.singleLeadLatencies, 99)),
            ("webhook_stored_latency_p50_ms", percentile(result.webhookLatencies, 50)),
            ("webhook_stored_latency_p99_ms", percentile(result.webhookLatencies, 99)),
            ("lead_latency_p50_ms", percentile(result.leadLatencies, 50)),
            ("lead_latency_p99_ms", percentile(result.leadLatencies, 99)),
            ("first_email_latency_p50_ms", percentile(result.firstEmailLatencies, 50)),
            ("first_email_latency_p99_ms", percentile(result.firstEmailLatencies, 99)),
            ("confirmation_note_latency_p50_ms", percentile(result.confirmationLatencies, 50)),
            ("confirmation_note_latency_p99_ms", percentile(result.confirmationLatencies, 99)),
            ("all_leads_committed_s", result.allLeadsSeconds),
            ("jobadder_notes_per_s", result.notesPerSecond),
            ("handover_amqp_msgs_per_s", result.brokerMessagesPerSecond),
            ("handover_to_raw_amqp_ratio", rawAMQP > 0 ? result.brokerMessagesPerSecond / rawAMQP : 0),
            ("elapsed_s", result.seconds),
        ]
        for (name, value) in figures {
            report[key + name] = (value * 1000).rounded() / 1000
            row("\(result.instances)× \(name)", String(format: "%.2f", value))
        }
        report[key + "peak_rss_mb"] = result.peakRSS.mapValues { ($0 * 10).rounded() / 10 }
        for (worker, mb) in result.peakRSS.sorted(by: { $0.key < $1.key }) {
            row("\(result.instances)× peak RSS \(worker) (MB)", String(format: "%.1f", mb))
        }
    }
    print("\nstages alone: \(contacts) contacts through ingest, then nurture, then writeback…")
    let stages = try StageRun(contacts: contacts).run()
    for (name, value) in [
        ("ingest_alone_leads_per_s", stages.leadsPerSecond),
        ("nurture_alone_emails_per_s", stages.emailsPerSecond),
        ("writeback_alone_notes_per_s", stages.notesPerSecond),
    ] {
        report[name] = (value * 10).rounded() / 10
        row(name, String(format: "%.1f", value))
    }

    let directory = HandoverStack.repositoryRoot.appendingPathComponent("bench/results")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let data = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: directory.appendingPathComponent("latest.json"))
    print("\nwritten: bench/results/latest.json")
} catch {
    FileHandle.standardError.write(Data("bench failed: \(error)\n".utf8))
    exit(1)
}
