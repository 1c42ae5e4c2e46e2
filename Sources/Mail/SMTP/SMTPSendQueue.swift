import Foundation

/// The hand-off between callers and `SMTPSender`'s thread: a FIFO of sends guarded by a condition.
final class SMTPSendQueue: @unchecked Sendable {
    /// One queued send and how to report its outcome.
    struct Job: Sendable {
        let sender: String
        let recipients: [String]
        let data: [UInt8]
        let complete: @Sendable (Result<SMTPSendResult, SMTPSendError>) -> Void
    }

    // All three are only touched while `condition` is locked.
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var isClosed = false
    private var isFinished = false

    /// Adds a job; false once the queue is closed.
    func submit(_ job: Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isClosed else { return false }
        jobs.append(job)
        condition.broadcast()
        return true
    }

    /// The next job, waiting for one; nil once closed and drained.
    func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !isClosed {
            condition.wait()
        }
        return jobs.isEmpty ? nil : jobs.removeFirst()
    }

    func close() {
        condition.lock()
        isClosed = true
        condition.broadcast()
        condition.unlock()
    }

    func markFinished() {
        condition.lock()
        isFinished = true
        condition.broadcast()
        condition.unlock()
    }

    func waitUntilFinished() {
        condition.lock()
        while !isFinished {
            condition.wait()
        }
        condition.unlock()
    }
}
