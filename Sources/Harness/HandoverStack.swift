import AMQP
import Foundation
import HTTPClient
import Postgres
import Sandbox
import Shared
import Store

/// A whole Handover deployment for one test, benchmark or chaos run: a fresh database, its own broker
/// prefix, an in-process JobAdder sandbox (demo seed), and the real worker and CLI binaries run as child
/// processes.
///
/// Everything talks to the real PostgreSQL, RabbitMQ and SMTP servers that `make services` starts.
/// Not thread-safe: one thread drives a stack.
public final class HandoverStack: @unchecked Sendable {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let ownerURL =
        ProcessInfo.processInfo.environment["HANDOVER_TEST_DATABASE_URL"]
        ?? "postgresql://handover_owner:handover_owner@127.0.0.1:15432/handover"
    public static let amqpURL =
        ProcessInfo.processInfo.environment["HANDOVER_TEST_AMQP_URL"]
        ?? "amqp://guest:guest@127.0.0.1:17672/"
    public static let smtpURL = ProcessInfo.processInfo.environment["HANDOVER_TEST_SMTP_URL"] ?? "smtp://127.0.0.1:2525"
    public static let maildir = repositoryRoot.appendingPathComponent("var/smtp/maildir/new").path

    /// Where `swift build` put the executables: `HANDOVER_BIN_DIR`, else next to the running program.
    public static let binaries =
        ProcessInfo.processInfo.environment["HANDOVER_BIN_DIR"]
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path

    public let name: String
    public let databaseName: String
    public let sandbox: SandboxServer
    public let http = HTTPClient(maxConnections: 8, connectTimeout: 5, requestTimeout: 30)
    public let ports: [String: Int]
    public private(set) var environment: [String: String]
    private var processes: [String: [Process]] = [:]
    public let logDirectory: URL

    public init(name: String, sandboxRateLimit: Double? = nil) throws {
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        self.name = "\(name)-\(suffix)"
        databaseName = "handover_it_\(suffix)"
        var configuration = SandboxConfiguration()
        configuration.seed = .demo
        configuration.rateLimit = sandboxRateLimit
        configuration.webhookRetrySeconds = 2
        sandbox = try SandboxServer(configuration: configuration, logger: Logger(label: "sandbox", logLevel: .warning))
        let base = PortBlock.find(count: 3)
        ports = ["ingest": base, "nurture": base + 1, "writeback": base + 2]
        logDirectory = Self.repositoryRoot.appendingPathComponent("var/test-logs/\(self.name)")
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)

        let admin = try PostgresConnection.connect(url: Self.ownerURL)
        try admin.simpleQuery("CREATE DATABASE \(databaseName)")
        admin.close()
        let appURL = "postgresql://handover_app:handover_app@127.0.0.1:15432/\(databaseName)"
        let ownerURL = "postgresql://handover_owner:handover_owner@127.0.0.1:15432/\(databaseName)"
        let key = HexCoding.encode(Sodium.randomBytes(32))
        let signing = HexCoding.encode(Sodium.randomBytes(32))
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HANDOVER_DATABASE_URL": appURL,
            "HANDOVER_MIGRATION_DATABASE_URL": ownerURL,
            "HANDOVER_AMQP_URL": Self.amqpURL,
            "HANDOVER_AMQP_PREFIX": "it-\(suffix)",
            "HANDOVER_JOBADDER_CLIENT_ID": "demo-client",
            "HANDOVER_JOBADDER_CLIENT_SECRET": "demo-secret",
            "HANDOVER_JOBADDER_AUTHORIZE_URL": "\(sandbox.baseURL)/connect/authorize",
            "HANDOVER_JOBADDER_TOKEN_URL": "\(sandbox.baseURL)/connect/token",
            "HANDOVER_JOBADDER_REDIRECT_URI": "http://127.0.0.1:\(base)/oauth/callback",
            "HANDOVER_JOBADDER_WEBHOOK_URL": "http://127.0.0.1:\(base)/webhooks/jobadder",
            "HANDOVER_JOBADDER_DEFAULT_RPS": "1000",
            "HANDOVER_SECRET_KEY": key,
            "HANDOVER_SIGNING_KEY": signing,
            "HANDOVER_POLL_INTERVAL_SECONDS": "3",
            "HANDOVER_MAILBOX_DOMAIN": "7ts-e.com",
            "HANDOVER_HTTP_HOST": "127.0.0.1",
            "HANDOVER_SMTP_URL": Self.smtpURL,
            "HANDOVER_PUBLIC_URL": "http://127.0.0.1:\(base + 1)",
            "HANDOVER_MESSAGE_ID_DOMAIN": "\(suffix).it.test",
            "HANDOVER_LOG_LEVEL": "info",
            "HANDOVER_SENDER_THREADS": "2",
        ]
        try cli(["db", "migrate"])
    }

    /// Changes one setting for the processes started from now on; `nil` leaves it to the worker's default.
    public func setEnvironment(_ name: String, _ value: String?) {
        environment[name] = value
    }

    /// The Message-ID domain of this stack's emails (to find them in the shared maildir).
    public var messageIDDomain: String { environment["HANDOVER_MESSAGE_ID_DOMAIN"] ?? "" }
    public var prefix: String { environment["HANDOVER_AMQP_PREFIX"] ?? "" }

    // MARK: Processes

    /// What one `handover` command printed and how it exited.
    public struct CLIResult: Sendable {
        public let status: Int32
        public let output: String
        public let errors: String
    }

    /// Runs `handover` with this stack's configuration and returns whatever happened.
    public func runCLI(_ arguments: [String]) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(Self.binaries)/handover")
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus,
            output: String(decoding: data, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self)
        )
    }

    /// Runs `handover` and returns its output (standard output, then standard error); throws when it fails
    /// and `expectSuccess` is set.
    @discardableResult
    public func cli(_ arguments: [String], expectSuccess: Bool = true) throws -> String {
        let result = try runCLI(arguments)
        if expectSuccess && result.status != 0 {
            throw StackError("handover \(arguments.joined(separator: " ")) failed: " + result.errors + result.output)
        }
        return result.output + result.errors
    }

    /// Starts one more instance of `worker` (ingest, nurture or writeback).
    public func start(_ worker: String) throws {
        let index = processes[worker, default: []].count
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(Self.binaries)/\(worker)")
        var env = environment
        env["HANDOVER_HTTP_PORT"] = String(index == 0 ? ports[worker] ?? 0 : 0)
        env["HANDOVER_INSTANCE_ID"] = "\(worker)-\(index)"
        process.environment = env
        let log = logDirectory.appendingPathComponent("\(worker)-\(index)-\(Int(Date().timeIntervalSince1970)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes[worker, default: []].append(process)
        if index == 0, let port = ports[worker] {
            try waitUntil("\(worker) answers /healthz", timeout: 30) {
                (try? http.execute(HTTPClientRequest(method: "GET", url: "http://127.0.0.1:\(port)/healthz")))?.status
                    == 200
            }
        }
    }

    /// Runs a program to completion with posix_spawn and waitpid (Foundation's Process sometimes misses
    /// the exit of a child whose own children daemonize, like `rabbitmq-server -detached`).
    @discardableResult
    public static func run(_ path: String, _ arguments: [String]) -> Int32 {
        var pid: pid_t = 0
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, path, nil, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status
    }

    /// The org's webhook id and the secret JobAdder presents with each delivery (unsealed with the
    /// stack's own key), for tests that post deliveries themselves.
    public func webhookCredentials() throws -> (id: String, authorization: String) {
        guard let row = try query("SELECT webhook_id, webhook_secret_sealed FROM jobadder_connections").first,
            let id = try row.decode("webhook_id", as: String?.self),
            let sealed = try row.decode("webhook_secret_sealed", as: [UInt8]?.self),
            let key = HexCoding.decode(environment["HANDOVER_SECRET_KEY"] ?? "")
        else { throw StackError("no webhook registered") }
        return (id, "Bearer " + (try SecretBox(key: key).openString(sealed)))
    }

    /// The status of the org's webhook as JobAdder (the sandbox) reports it.
    public func webhookStatus() throws -> String? {
        let id = try query("SELECT webhook_id FROM jobadder_connections").first?.decode("webhook_id", as: String?.self)
        let account = try control("GET", "/accounts/1001") as? [String: Any]
        let hooks = account?["webhooks"] as? [[String: Any]] ?? []
        return hooks.first { ($0["webhookId"] as? String) == id }?["status"] as? String
    }

    /// Peak resident memory (VmHWM) of each running instance of `worker`, in MB.
    public func peakRSS(_ worker: String) -> [Double] {
        processes[worker, default: []].compactMap { process in
            guard process.isRunning,
                let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
            else { return nil }
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kilobytes / 1024
        }
    }

    /// SIGTERM to the first instance of `worker`; returns its exit status once it stopped.
    public func terminate(_ worker: String) -> Int32? {
        guard let process = processes[worker]?.first, process.isRunning else { return nil }
        process.terminate()
        process.waitUntilExit()
        processes[worker]?.removeFirst()
        return process.terminationStatus
    }

    /// Everything the instances of `worker` logged so far.
    public func logs(_ worker: String) throws -> String {
        let files = try FileManager.default.contentsOfDirectory(atPath: logDirectory.path)
            .filter { $0.hasPrefix("\(worker)-") }
        return try files.map { try String(contentsOf: logDirectory.appendingPathComponent($0), encoding: .utf8) }
            .joined()
    }

    /// `kill -9` of every instance of `worker`.
    public func kill(_ worker: String) {
        for process in processes[worker, default: []] where process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        processes[worker] = []
    }

    /// SIGTERM to everything, then cleanup of the database and broker objects.
    public func shutdown() {
        for (_, list) in processes {
            for process in list where process.isRunning {
                process.terminate()
            }
        }
        for (_, list) in processes {
            for process in list {
                let deadline = Date().addingTimeInterval(15)
                while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
                if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
            }
        }
        processes = [:]
        sandbox.stop()
        if let configuration = try? AMQPConfiguration(url: Self.amqpURL, connectionName: "it-cleanup"),
            let admin = try? AMQPAdmin(configuration: configuration)
        {
            let topology = Topology.handover(
                stages: ["ingest", "nurture", "writeback"],
                retryTiers: [
                    RetryTier(name: "1s", delaySeconds: 1), RetryTier(name: "5s", delaySeconds: 5),
                    RetryTier(name: "30s", delaySeconds: 30), RetryTier(name: "2m", delaySeconds: 120),
                    RetryTier(name: "10m", delaySeconds: 600),
                ],
                deliveryLimit: 10,
                prefix: prefix
            )
            try? admin.delete(topology)
        }
        if let admin = try? PostgresConnection.connect(url: Self.ownerURL) {
            try? admin.simpleQuery("DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)")
            admin.close()
        }
    }

    // MARK: Setup through the CLI and the real OAuth flow

    /// Org `acme` with assistants ashley@demo and ben@demo, a context and an any-time schedule. Each step's
    /// body greets with `greeting`, then adds `bodyExtra`, the signature and the unsubscribe link.
    public func createOrgWithAssistants(
        steps: Int = 2,
        stepDelayHours: Int = 48,
        greeting: String = "{{contact.firstName | \"there\"}}",
        bodyExtra: String = ""
    ) throws {
        try cli(["orgs", "create", "--slug", "acme", "--name", "Acme Recruiting"])
        let context: [String: Any] = [
            "senderName": "Ashley",
            "signature": "Ashley\nAcme Recruiting",
            "steps": (0..<steps).map { index in
                [
                    "subject": "Hello \(greeting) (\(index + 1))",
                    "body": "Hi \(greeting),\n\nStep \(index + 1).\(bodyExtra)\n\n{{signature}}\n{{unsubscribeURL}}",
                ]
            },
        ]
        let schedule: [String: Any] = [
            "steps": (0..<steps).map { ["delay": ["value": $0 == 0 ? 0 : stepDelayHours, "unit": "hours"]] },
            "sendWindow": [
                "start": "00:00", "end": "23:59", "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            ],
            "holidays": [String](),
            "timeZonePolicy": "assistant",
        ]
        let contextFile = logDirectory.appendingPathComponent("context.json")
        let scheduleFile = logDirectory.appendingPathComponent("schedule.json")
        try JSONSerialization.data(withJSONObject: context).write(to: contextFile)
        try JSONSerialization.data(withJSONObject: schedule).write(to: scheduleFile)
        try cli(["contexts", "apply", "--org", "acme", "--name", "intro", "--file", contextFile.path])
        try cli(["schedules", "apply", "--org", "acme", "--name", "standard", "--file", scheduleFile.path])
        for name in ["ashley", "ben"] {
            try cli([
                "assistants", "create", "--org", "acme", "--mailbox", "\(name)@demo.7ts-e.com", "--name",
                name.capitalized, "--time-zone", "Australia/Sydney", "--daily-cap", "100000", "--capacity",
                "100000", "--context", "intro", "--schedule", "standard",
            ])
        }
    }

    /// Org `acme` as `createOrgWithAssistants()` makes it, JobAdder connected through a running `ingest`,
    /// then one instance of each of `workers` started.
    public func startConnected(_ workers: String...) throws {
        try createOrgWithAssistants()
        try start("ingest")
        try connectJobAdder()
        for worker in workers {
            try start(worker)
        }
    }

    /// Connects the sandbox's demo account the way an org admin would: authorize URL, consent, callback.
    public func connectJobAdder() throws {
        let output = try cli(["jobadder", "connect", "--org", "acme", "--json"])
        guard let data = output.data(using: .utf8),
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let url = json["authorize_url"] as? String
        else { throw StackError("connect printed no authorize_url: \(output)") }
        let consent = try http.execute(HTTPClientRequest(method: "GET", url: url))
        guard consent.status == 302, let callback = consent.header("location") else {
            throw StackError("authorize answered \(consent.status)")
        }
        let done = try http.execute(HTTPClientRequest(method: "GET", url: callback, timeout: 60))
        guard done.status == 200 else {
            throw StackError("callback answered \(done.status): \(String(decoding: done.body, as: UTF8.self))")
        }
    }

    // MARK: The sandbox's control API

    @discardableResult
    public func control(_ method: String, _ path: String, _ body: Any? = nil) throws -> Any {
        let bytes = try body.map { [UInt8](try JSONSerialization.data(withJSONObject: $0)) }
        let response = try http.execute(
            HTTPClientRequest(
                method: method,
                url: "\(sandbox.baseURL)/_sandbox\(path)",
                headers: [("Content-Type", "application/json")],
                body: bytes
            )
        )
        guard (200..<300).contains(response.status) else {
            throw StackError("\(method) \(path) answered \(response.status)")
        }
        return response.body.isEmpty ? [:] : try JSONSerialization.jsonObject(with: Data(response.body))
    }

    public func createContacts(_ count: Int) throws -> [Int] {
        let reply = try control("POST", "/accounts/1001/contacts", ["count": count, "emailDomain": "example.org"])
        return ((reply as? [String: Any])?["contactIds"] as? [Int]) ?? []
    }

    /// Contacts with the given fields (`firstName`, `lastName`, `email`, …; see the sandbox README).
    public func createContacts(_ contacts: [[String: Any]]) throws -> [Int] {
        let reply = try control("POST", "/accounts/1001/contacts", ["contacts": contacts])
        return ((reply as? [String: Any])?["contactIds"] as? [Int]) ?? []
    }

    public func assign(_ contactIDs: [Int], to handle: String) throws {
        try control(
            "POST",
            "/accounts/1001/status-changes",
            ["contactIds": contactIDs, "statusName": "Assign to \(handle) in 7Targets"]
        )
    }

    /// Every note in the sandbox account.
    public func notes() throws -> [[String: Any]] {
        let reply = try control("GET", "/accounts/1001/notes")
        if let list = reply as? [[String: Any]] { return list }
        return ((reply as? [String: Any])?["items"] as? [[String: Any]]) ?? []
    }

    public func statusChanges() throws -> [[String: Any]] {
        let reply = try control("GET", "/accounts/1001/status-changes")
        if let list = reply as? [[String: Any]] { return list }
        return ((reply as? [String: Any])?["items"] as? [[String: Any]]) ?? []
    }

    // MARK: Reading results

    /// Runs `sql` across all orgs (system scope) as the workers' role.
    public func query(_ sql: String, _ binds: [any PostgresEncodable] = []) throws -> PostgresRows {
        let connection = try PostgresConnection.connect(url: environment["HANDOVER_DATABASE_URL"] ?? "")
        defer { connection.close() }
        return try connection.systemTransaction { try $0.query(sql, binds) }
    }

    public func count(_ sql: String, _ binds: [any PostgresEncodable] = []) throws -> Int {
        try query(sql, binds).first?.decode(0, as: Int.self) ?? 0
    }

    /// Emails this stack sent, read back from the SMTP server's maildir: Message-ID → raw text.
    public func sentEmails() -> [String: [String]] {
        var found: [String: [String]] = [:]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Self.maildir)) ?? []
        for file in files {
            guard let text = try? String(contentsOfFile: "\(Self.maildir)/\(file)", encoding: .utf8),
                text.contains(messageIDDomain)
            else { continue }
            let id =
                text.split(separator: "\n").first { $0.lowercased().hasPrefix("message-id:") }
                .map { String($0.dropFirst("message-id:".count)).trimmingCharacters(in: .whitespaces) } ?? file
            found[id, default: []].append(text)
        }
        return found
    }

    public func waitUntil(_ what: String, timeout: TimeInterval, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (try? condition()) == true { return }
            Thread.sleep(forTimeInterval: 0.25)
        }
        if try condition() { return }
        throw StackError("timed out after \(Int(timeout)) s waiting until \(what); logs in \(logDirectory.path)")
    }
}

/// A stack step that did not work; the text says what and where the logs are.
public struct StackError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
