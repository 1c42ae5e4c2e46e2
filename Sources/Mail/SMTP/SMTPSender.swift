import Dispatch
import Foundation
import Shared
import Synchronization

/// Sends email through one SMTP relay over one kept-alive connection.
///
/// A dedicated thread owns the libcurl handle; sends are queued to it and run one at a time, so the
/// SMTP session is reused across sends and no blocking call ever runs on Swift's cooperative pool.
/// `close()` finishes queued sends, ends the session with QUIT and stops the thread; `deinit` does the same.
public final class SMTPSender: Sendable {
    private let queue: SMTPSendQueue
    private let logger: Logger

    /// Starts the sender's thread. No connection is made until the first send.
    public init(configuration: SMTPConfiguration, logger: Logger = Logger(label: "mail.smtp")) {
        self.logger = logger
        self.queue = SMTPSendQueue()
        let queue = self.queue
        let thread = Thread {
            let connection = SMTPConnection(configuration: configuration)
            while let job = queue.next() {
                job.complete(connection.send(from: job.sender, recipients: job.recipients, data: job.data))
            }
            connection.close()
            queue.markFinished()
        }
        thread.name = "smtp-sender"
        thread.start()
    }

    deinit {
        close()
    }

    /// Sends one message and waits for the outcome. Blocks the calling thread: call it from a thread you
    /// own, or use the `async` overload.
    ///
    /// - Parameters:
    ///   - from: the envelope sender (`MAIL FROM`), a bare address.
    ///   - recipients: envelope recipients (`RCPT TO`), bare addresses; any refusal fails the whole send.
    ///   - data: the rendered message with CRLF line ends (see `OutgoingEmail.render()`).
    /// - Throws: `SMTPSendError`.
    public func send(from: String, recipients: [String], data: [UInt8]) throws -> SMTPSendResult {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<SMTPSendResult, SMTPSendError>?>(nil)
        enqueue(from: from, recipients: recipients, data: data) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0 ?? .failure(.configuration(reason: "no outcome")) }.get()
    }

    /// Sends one message without blocking the caller's thread; see the synchronous overload.
    public func send(from: String, recipients: [String], data: [UInt8]) async throws -> SMTPSendResult {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(from: from, recipients: recipients, data: data) { continuation.resume(with: $0) }
        }
    }

    /// Finishes queued sends, closes the SMTP session and stops the thread. Idempotent; waits for the thread.
    public func close() {
        queue.close()
        queue.waitUntilFinished()
    }

    private func enqueue(
        from: String,
        recipients: [String],
        data: [UInt8],
        completion: @escaping @Sendable (Result<SMTPSendResult, SMTPSendError>) -> Void
    ) {
        let logger = self.logger
        let started = ContinuousClock.now
        let job = SMTPSendQueue.Job(sender: from, recipients: recipients, data: data) { result in
            switch result {
            case .success(let sent):
                logger.debug(
                    "smtp send accepted",
                    [
                        "bytes": String(data.count), "code": String(sent.responseCode),
                        "reused": String(sent.reusedConnection), "elapsed": "\(ContinuousClock.now - started)",
                    ]
                )
            case .failure(let error):
                logger.debug("smtp send failed", ["bytes": String(data.count), "error": error.description])
            }
            completion(result)
        }
        if !queue.submit(job) {
            job.complete(.failure(.configuration(reason: "the sender is closed")))
        }
    }
}
