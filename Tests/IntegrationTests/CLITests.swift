import Foundation
import Harness
import Testing

/// The `handover` admin CLI against the real database: `--help` everywhere, the `--json` shapes scripts
/// rely on, and errors for bad input that say what to do next.
@Suite(.serialized)
struct CLITests {
    @Test func everyCommandAnswersHelp() throws {
        let stack = try HandoverStack(name: "cli-help")
        defer { stack.shutdown() }
        let overview = try stack.runCLI(["--help"])
        #expect(overview.status == 0)
        let names = overview.output.split(separator: "\n").filter { $0.hasPrefix("  ") }
            .map { $0.split(separator: " ").prefix(2).map(String.init) }
        #expect(names.count >= 27, "every command is listed: \(names)")
        for words in names {
            let help = try stack.runCLI(words + ["--help"])
            #expect(help.status == 0, "\(words) --help")
            #expect(help.output.contains("usage: handover \(words.joined(separator: " "))"), "\(words): \(help.output)")
        }
    }

    @Test func jsonOutputHasStableShapes() throws {
        let stack = try HandoverStack(name: "cli-json")
        defer { stack.shutdown() }
        try stack.createOrgWithAssistants()

        let orgs = try array(stack, ["orgs", "list"])
        #expect(orgs.count == 1)
        #expect(Set(orgs[0].keys) == ["id", "slug", "name", "jobadder", "leads"])
        #expect(orgs[0]["leads"] as? Int == 0, "counts are numbers")

        try stack.cli(["assistants", "update", "--org", "acme", "--handle", "ashley@demo", "--daily-cap", "50"])
        let assistants = try array(stack, ["assistants", "list", "--org", "acme"])
        #expect(assistants.count == 2)
        #expect(
            Set(assistants[0].keys) == [
                "handle", "mailbox", "name", "time_zone", "daily_cap", "capacity", "active_leads", "context",
                "schedule", "crm_status",
            ]
        )
        let ashley = try #require(assistants.first { $0["handle"] as? String == "ashley@demo" })
        #expect(ashley["daily_cap"] as? Int == 50)
        #expect(ashley["mailbox"] as? String == "ashley@demo.7ts-e.com")
        #expect(ashley["context"] as? String == "intro")

        let contexts = try array(stack, ["contexts", "list", "--org", "acme"])
        #expect(contexts.first?["name"] as? String == "intro")
        #expect(contexts.first?["steps"] as? Int == 2)
        let context = try object(stack, ["contexts", "show", "--org", "acme", "--name", "intro"])
        #expect((context["steps"] as? [Any])?.count == 2)
        let schedule = try object(stack, ["schedules", "show", "--org", "acme", "--name", "standard"])
        #expect(schedule["sendWindow"] != nil)

        // Leads after a real assignment.
        try stack.start("ingest")
        try stack.connectJobAdder()
        let status = try object(stack, ["jobadder", "status", "--org", "acme"])
        #expect(status["state"] as? String == "connected")
        #expect(status["webhook_status"] != nil && status["next_step"] as? String == "nothing to do")
        let contacts = try stack.createContacts(2)
        try stack.assign(contacts, to: "ashley@demo")
        try stack.waitUntil("two leads", timeout: 30) { try stack.count("SELECT count(*) FROM leads") == 2 }
        let leads = try array(stack, ["leads", "list", "--org", "acme", "--state", "Cold"])
        #expect(leads.count == 2)
        #expect(
            Set(leads[0].keys)
                == ["lead", "contact", "state", "assistant", "next_step", "sequence", "updated_at", "reason"]
        )
        #expect(Set(leads.compactMap { $0["contact"] as? Int }) == Set(contacts))
        #expect(try array(stack, ["leads", "list", "--org", "acme", "--assistant", "ben@demo"]).isEmpty)
        let summary = try array(stack, ["leads", "summary", "--org", "acme"])
        #expect(summary.count == 1 && summary[0]["state"] as? String == "Cold" && summary[0]["leads"] as? Int == 2)
        let lead = try object(stack, ["leads", "show", "--org", "acme", "--contact", String(contacts[0])])
        #expect(lead["contact"] as? Int == contacts[0] && lead["state"] as? String == "Cold")
        let history = try #require(lead["history"] as? [[String: Any]])
        #expect(history.contains { ($0["what"] as? String) == "state" }, "the takeover is in the history")

        // The suppression list round-trips, normalized.
        try stack.cli(["suppressions", "add", "--org", "acme", "--email", "Someone@Example.org", "--json"])
        let suppressed = try array(stack, ["suppressions", "list", "--org", "acme"])
        #expect(suppressed.map { $0["email"] as? String } == ["someone@example.org"])
        try stack.cli(["suppressions", "remove", "--org", "acme", "--email", "someone@example.org"])
        #expect(try array(stack, ["suppressions", "list", "--org", "acme"]).isEmpty)
        #expect(try array(stack, ["dlq", "list"]).isEmpty)
    }

    @Test func badInputGetsAnErrorThatSaysWhatToDo() throws {
        let stack = try HandoverStack(name: "cli-errors")
        defer { stack.shutdown() }
        try stack.createOrgWithAssistants()
        let cases: [(arguments: [String], status: Int32, says: String)] = [
            (["frobnicate"], 2, "see: handover --help"),
            (["leads"], 2, "handover leads list"),
            (["orgs", "list", "--colour", "red"], 2, "has no option --colour"),
            (["orgs", "list", "everything"], 2, "unexpected 'everything'"),
            (["orgs", "create", "--slug", "acme", "--name", "Again"], 1, "already exists; see: handover orgs list"),
            (["orgs", "create", "--slug", "Bad Slug!", "--name", "X"], 1, "slug"),
            (["assistants", "list", "--org", "nope"], 1, "no org with slug 'nope'; see: handover orgs list"),
            (
                ["assistants", "create", "--org", "acme", "--mailbox", "a@gmail.com", "--name", "A"], 1,
                "mailbox domain"
            ),
            (["assistants", "update", "--org", "acme", "--handle", "zed@demo", "--daily-cap", "5"], 1, "zed@demo"),
            (
                ["assistants", "update", "--org", "acme", "--handle", "ashley@demo", "--daily-cap", "-5"], 1,
                "daily-cap"
            ),
            (
                ["assistants", "update", "--org", "acme", "--handle", "ashley@demo", "--time-zone", "Mars/Base"], 1,
                "zone"
            ),
            (["leads", "list", "--org", "acme", "--state", "Lukewarm"], 1, "--state must be one of: New, Cold"),
            (["leads", "list", "--org", "acme", "--limit", "0"], 1, "--limit must be a whole number from 1"),
            (["leads", "show", "--org", "acme"], 1, "give --lead <uuid> or --contact <id>"),
            (["leads", "show", "--org", "acme", "--contact", "424242"], 1, "no lead for JobAdder contact 424242"),
            (["leads", "show", "--org", "acme", "--contact", "abc"], 1, "--contact must be a JobAdder contact id"),
            (["contexts", "apply", "--org", "acme", "--name", "x", "--file", "/nonexistent.json"], 1, "nonexistent"),
            (["suppressions", "add", "--org", "acme", "--email", "not-an-address"], 1, "not an email address"),
            (["jobadder", "pace", "--org", "acme", "--rps", "fast"], 1, "--rps"),
            (["jobadder", "status", "--org", "acme"], 1, "run: handover jobadder connect --org acme"),
            (["dlq", "list", "--stage", "sideways"], 1, "--stage must be ingest, nurture or writeback"),
            (["dlq", "drop", "--stage", "writeback", "--message-id", "m1"], 1, "add --yes to confirm"),
        ]
        for item in cases {
            let result = try stack.runCLI(item.arguments)
            let command = "handover \(item.arguments.joined(separator: " "))"
            #expect(result.status == item.status, "\(command) exit status; said \(result.errors)")
            #expect(result.errors.hasPrefix("error: "), "\(command) explains on standard error: \(result.errors)")
            #expect(result.errors.contains(item.says), "\(command) says \(item.says): \(result.errors)")
            #expect(!result.errors.contains("Fatal error") && result.output.isEmpty, "\(command): \(result.output)")

            // Scripts get the same error as a JSON object on standard output.
            let json = try stack.runCLI(item.arguments + ["--json"])
            let parsed = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
            #expect((parsed?["error"] as? String)?.contains(item.says) == true, "\(command) --json: \(json.output)")
            #expect(json.status == item.status)
        }
    }

    // MARK: Reading --json output

    private func array(_ stack: HandoverStack, _ arguments: [String]) throws -> [[String: Any]] {
        let text = try stack.cli(arguments + ["--json"])
        guard let value = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
            throw StackError("handover \(arguments.joined(separator: " ")) --json is not an array of objects: \(text)")
        }
        return value
    }

    private func object(_ stack: HandoverStack, _ arguments: [String]) throws -> [String: Any] {
        let text = try stack.cli(arguments + ["--json"])
        guard let value = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw StackError("handover \(arguments.joined(separator: " ")) --json is not an object: \(text)")
        }
        return value
    }
}
