import Foundation
import Testing

@testable import Mail

/// SMTP delivery through libcurl to real aiosmtpd instances started by each test.
@Suite(.serialized) struct SMTPSenderTests {
    private func makeMessage(_ number: Int, marker: String = "") throws -> [UInt8] {
        try OutgoingEmail(
            from: MailAddress(address: "assistant@agency.example", name: "Alex Assistant"),
            to: MailAddress(address: "jo\(number)@example.com", name: "Jo Nummer \(number)"),
            subject: "Message \(number): Grüße aus Zürich",
            textBody: "Hello \(number)\n.leading dot line\n..two dots\n\(marker)\nBye\n",
            messageID: "<msg-\(number)@agency.example>",
            listUnsubscribeURL: "https://handover.example/u/\(number)"
        ).render()
    }

    private func storedMessages(in directory: URL, expecting count: Int) throws -> [[UInt8]] {
        let deadline = Date().addingTimeInterval(30)
        var files: [URL] = []
        repeat {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "eml" }
            if files.count >= count { break }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        return try files.map { try [UInt8](Data(contentsOf: $0)) }
    }

    private func makeMailbox() throws -> (SMTPTestServer, URL) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("handover-mail-\(UUID().uuidString)")
        let server = try SMTPTestServer(handler: "raw_mailbox.Handler", arguments: [directory.path])
        return (server, directory)
    }

    @Test func twoHundredMessagesOverOneReusedConnectionArriveIntact() async throws {
        let (server, directory) = try makeMailbox()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: directory)
        }
        let sender = SMTPSender(configuration: SMTPConfiguration(url: server.url, requireTLS: false))
        defer { sender.close() }

        var sent: [[UInt8]] = []
        var reusedCount = 0
        for number in 0..<200 {
            let message = try makeMessage(number)
            let result = try await sender.send(
                from: "bounces@agency.example",
                recipients: ["jo\(number)@example.com"],
                data: message
            )
            #expect(result.responseCode == 250)
            if result.reusedConnection { reusedCount += 1 }
            sent.append(message)
        }

        #expect(reusedCount == 199, "every send after the first reuses the connection")
        let stored = try storedMessages(in: directory, expecting: 200)
        #expect(stored.count == 200)
        #expect(Set(stored) == Set(sent), "the relay received exactly the bytes we rendered")
    }

    @Test func refusalsAreClassified() async throws {
        let server = try SMTPTestServer(handler: "rejecting.Handler")
        defer { server.stop() }
        let sender = SMTPSender(configuration: SMTPConfiguration(url: server.url, requireTLS: false))
        defer { sender.close() }

        do {
            _ = try await sender.send(
                from: "a@agency.example",
                recipients: ["reject@example.com"],
                data: makeMessage(1)
            )
            Issue.record("a refused recipient must fail")
        } catch let error as SMTPSendError {
            guard case .rejectedRecipient(let recipient, let code, let text) = error else {
                Issue.record("expected rejectedRecipient, got \(error)")
                return
            }
            #expect(recipient == "reject@example.com")
            #expect(code == 550)
            #expect(text.contains("5.1.1"))
            #expect(error.isDefinitelyNotDelivered && !error.isRetryable)
        }

        await #expect(throws: SMTPSendError.temporary(code: 451, text: "4.7.1 Greylisted, please try again later")) {
            try await sender.send(from: "a@agency.example", recipients: ["greylist@example.com"], data: makeMessage(2))
        }
        await #expect(throws: SMTPSendError.rejectedMessage(code: 554, text: "5.7.1 Message rejected as spam")) {
            try await sender.send(
                from: "a@agency.example",
                recipients: ["ok@example.com"],
                data: makeMessage(3, marker: "REJECT-THIS-MESSAGE")
            )
        }

        let accepted = try await sender.send(
            from: "a@agency.example",
            recipients: ["ok@example.com"],
            data: makeMessage(4)
        )
        #expect(accepted.responseCode == 250, "the sender recovers after refusals")
    }

    @Test func droppedAfterDataIsOutcomeUnknown() async throws {
        let server = try SMTPTestServer(handler: "drop_after_data.Handler")
        defer { server.stop() }
        let sender = SMTPSender(
            configuration: SMTPConfiguration(url: server.url, requireTLS: false, timeout: .seconds(20))
        )
        defer { sender.close() }

        do {
            _ = try await sender.send(from: "a@agency.example", recipients: ["jo@example.com"], data: makeMessage(1))
            Issue.record("a dropped connection must fail")
        } catch let error as SMTPSendError {
            guard case .outcomeUnknown = error else {
                Issue.record("expected outcomeUnknown, got \(error)")
                return
            }
            #expect(!error.isDefinitelyNotDelivered && !error.isRetryable)
        }
    }

    @Test func nobodyListeningIsConnectionFailed() async throws {
        let port = try SMTPTestServer.freePort()
        let sender = SMTPSender(configuration: SMTPConfiguration(url: "smtp://127.0.0.1:\(port)", requireTLS: false))
        defer { sender.close() }

        do {
            _ = try await sender.send(from: "a@agency.example", recipients: ["jo@example.com"], data: makeMessage(1))
            Issue.record("sending to a closed port must fail")
        } catch let error as SMTPSendError {
            guard case .connectionFailed = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(error.isRetryable)
        }
    }

    @Test func requiredTLSWithoutSTARTTLSFailsBeforeSending() async throws {
        let server = try SMTPTestServer(handler: "rejecting.Handler")
        defer { server.stop() }
        let configuration = SMTPConfiguration(url: server.url, username: "u", password: "s3cret-pw", requireTLS: true)
        let sender = SMTPSender(configuration: configuration)
        defer { sender.close() }

        #expect(!configuration.description.contains("s3cret-pw"))
        do {
            _ = try await sender.send(from: "a@agency.example", recipients: ["jo@example.com"], data: makeMessage(1))
            Issue.record("STARTTLS is required and not offered")
        } catch let error as SMTPSendError {
            guard case .connectionFailed = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(!error.description.contains("s3cret-pw"))
        }
    }

    /// A self-signed certificate for 127.0.0.1 and its key, made with openssl in `directory`.
    private func makeCertificate(in directory: URL) throws -> (certificate: String, key: String) {
        let certificate = directory.appendingPathComponent("relay-cert.pem").path
        let key = directory.appendingPathComponent("relay-key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw TestServerError(message: "openssl req failed") }
        return (certificate, key)
    }

    @Test func startTLSAndAuthWithTheRelaysOwnCertificateAuthority() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("handover-tls-\(UUID())")
        let mailbox = directory.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mailbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (certificate, key) = try makeCertificate(in: directory)
        let server = try SMTPTestServer.requiringTLSAndAuth(
            certificate: certificate,
            key: key,
            user: "relay-user",
            password: "relay-secret",
            directory: mailbox.path
        )
        defer { server.stop() }
        func sender(password: String, caFile: String?) -> SMTPSender {
            SMTPSender(
                configuration: SMTPConfiguration(
                    url: server.url,
                    username: "relay-user",
                    password: password,
                    requireTLS: true,
                    caFile: caFile
                )
            )
        }

        // The right credentials over STARTTLS, trusting the relay's own certificate: delivered intact.
        let trusted = sender(password: "relay-secret", caFile: certificate)
        defer { trusted.close() }
        let message = try makeMessage(1)
        let result = try await trusted.send(from: "a@agency.example", recipients: ["jo1@example.com"], data: message)
        #expect(result.responseCode == 250)
        #expect(try storedMessages(in: mailbox, expecting: 1) == [message])

        /// The error a send that must fail ends with; nil when it went through.
        func failure(of sender: SMTPSender) async throws -> SMTPSendError? {
            defer { sender.close() }
            do {
                _ = try await sender.send(from: "a@agency.example", recipients: ["jo2@example.com"], data: message)
                return nil
            } catch let error as SMTPSendError {
                return error
            }
        }

        // A wrong password is an authentication failure that never shows the password.
        let refused = try await failure(of: sender(password: "not-the-secret", caFile: certificate))
        guard case .authenticationFailed? = refused else {
            Issue.record("expected authenticationFailed, got \(String(describing: refused))")
            return
        }
        #expect(refused.map { !$0.description.contains("not-the-secret") } ?? false)

        // The system's trust store does not know this certificate: the TLS handshake fails before AUTH.
        let untrusted = try await failure(of: sender(password: "relay-secret", caFile: nil))
        guard case .connectionFailed? = untrusted else {
            Issue.record("expected connectionFailed, got \(String(describing: untrusted))")
            return
        }
        #expect(try storedMessages(in: mailbox, expecting: 1).count == 1, "only the authenticated send arrived")
    }

    @Test func relayRestartBetweenSendsIsSurvived() async throws {
        let (first, directory) = try makeMailbox()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sender = SMTPSender(configuration: SMTPConfiguration(url: first.url, requireTLS: false))
        defer { sender.close() }

        _ = try await sender.send(from: "a@agency.example", recipients: ["jo@example.com"], data: makeMessage(1))
        first.stop()
        let second = try SMTPTestServer(
            handler: "raw_mailbox.Handler",
            arguments: [directory.path],
            fixedPort: first.port
        )
        defer { second.stop() }

        let result = try await sender.send(
            from: "a@agency.example",
            recipients: ["jo@example.com"],
            data: makeMessage(2)
        )
        #expect(result.responseCode == 250)
        #expect(!result.reusedConnection, "the dead connection was replaced")
    }

    @Test func measureThroughputOfOneSender() async throws {
        let (server, directory) = try makeMailbox()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: directory)
        }
        let sender = SMTPSender(configuration: SMTPConfiguration(url: server.url, requireTLS: false))
        defer { sender.close() }
        let messages = try (0..<1000).map { try makeMessage($0) }

        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            for (number, message) in messages.enumerated() {
                _ = try await sender.send(
                    from: "b@agency.example",
                    recipients: ["jo\(number)@example.com"],
                    data: message
                )
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "SMTP throughput: 1000 messages in \(String(format: "%.2f", seconds)) s = "
                + "\(String(format: "%.0f", 1000 / seconds)) emails/s (one sender, one connection, local aiosmtpd)"
        )
        #expect(try storedMessages(in: directory, expecting: 1000).count == 1000)
    }
}
