import Harness

extension HandoverStack {
    /// A stack set up for a measurement: org `acme` with two assistants and a two-step schedule, JobAdder
    /// connected through one running `ingest`. The workers run with their operator defaults: the test
    /// harness trims nurture's sender threads and polls JobAdder every few seconds.
    static func makeForBench(name: String) throws -> HandoverStack {
        let stack = try HandoverStack(name: name)
        do {
            stack.setEnvironment("HANDOVER_SENDER_THREADS", nil)
            stack.setEnvironment("HANDOVER_POLL_INTERVAL_SECONDS", nil)
            try stack.startConnected()
            return stack
        } catch {
            stack.shutdown()
            throw error
        }
    }

    /// `count` new contacts in the sandbox, created in batches of up to 2,000.
    func createContacts(inBatches count: Int) throws -> [Int] {
        var ids: [Int] = []
        while ids.count < count {
            ids += try createContacts(min(2_000, count - ids.count))
        }
        return ids
    }
}
