import Foundation
import JobAdder
import Testing

/// Measures the client against the sandbox; prints figures rather than asserting speed.
@Suite struct JobAdderClientThroughputTests {
    @Test func contactReadsWithSixteenThreads() async throws {
        let sandbox = try ClientSandbox()
        defer { sandbox.stop() }
        let store = InMemoryTokenStore()
        let (account, _) = try await BlockingWork.run { try sandbox.connect(store) }
        let contactIDs = try await BlockingWork.run { try sandbox.addContacts(count: 100) }
        let client = sandbox.makeClient(store)
        let threads = 16
        let perThread = 400

        let started = ProcessInfo.processInfo.systemUptime
        let errors = try await BlockingWork.parallel(threads) { index in
            for step in 0..<perThread {
                let id = contactIDs[(index * perThread + step) % contactIDs.count]
                guard try client.contact(id, for: account).contactId == id else {
                    throw HarnessError("wrong contact")
                }
            }
        }
        let seconds = ProcessInfo.processInfo.systemUptime - started
        let total = threads * perThread
        #expect(errors.allSatisfy { $0 == nil })
        let rate = Int(Double(total) / seconds)
        print(
            "JobAdderClient GET /v2/contacts/{id}: \(total) requests, \(threads) threads, "
                + "\(String(format: "%.2f", seconds)) s, \(rate) req/s, "
                + "\(sandbox.http.connectionsOpened) connections opened"
        )
    }
}
