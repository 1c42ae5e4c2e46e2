import HTTPServer
import Shared
import Synchronization

/// A local HTTP endpoint that records webhook deliveries and answers with a settable status.
final class WebhookReceiver: Sendable {
    /// What the server thread records and answers with.
    private final class Record: Sendable {
        let received = Mutex<[HTTPRequest]>([])
        let answer = Atomic<Int>(200)
    }

    private let record = Record()
    private let server: Mutex<HTTPServer?> = Mutex(nil)

    init() throws {
        let record = self.record
        let started = try HTTPServer(
            port: 0,
            maxBodyBytes: 1 << 20,
            threadCount: 4,
            logger: Logger(label: "receiver", logLevel: .error)
        ) { request in
            record.received.withLock { $0.append(request) }
            return .empty(record.answer.load(ordering: .relaxed))
        }
        server.withLock { $0 = started }
    }

    var url: String {
        "http://127.0.0.1:\(server.withLock { $0?.port ?? 0 })/hook"
    }

    var requests: [HTTPRequest] { record.received.withLock { $0 } }

    func respond(with status: Int) {
        record.answer.store(status, ordering: .relaxed)
    }

    func stop() {
        server.withLock { $0?.stop() }
    }
}
