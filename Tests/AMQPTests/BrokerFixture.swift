import AMQP
import Foundation
import Shared

/// Shared set-up for tests against the real broker: the URL, a unique prefix, a topology and cleanup.
struct BrokerFixture {
    let configuration: AMQPConfiguration
    let topology: Topology
    let admin: AMQPAdmin
    let logger = Logger(label: "amqp-tests", logLevel: .warning)

    static var url: String {
        ProcessInfo.processInfo.environment["HANDOVER_TEST_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:17672/"
    }

    /// A fresh topology with a unique prefix, declared on the broker.
    init(stages: [String] = ["work"], retryTiers: [RetryTier] = [], deliveryLimit: Int = 5) throws {
        configuration = try AMQPConfiguration(url: Self.url, connectionName: "amqp-tests")
        let prefix = "t\(UInt32.random(in: 0...UInt32.max))"
        topology = .handover(stages: stages, retryTiers: retryTiers, deliveryLimit: deliveryLimit, prefix: prefix)
        admin = try AMQPAdmin(configuration: configuration)
        try admin.declare(topology)
    }

    func makePublisher() throws -> AMQPPublisher {
        try AMQPPublisher(configuration: configuration, topology: topology, logger: logger)
    }

    func makeConsumer(stage: String = "work", prefetch: UInt16 = 100) throws -> AMQPConsumer {
        try AMQPConsumer(
            configuration: configuration,
            queue: topology.workQueue(stage),
            prefetch: prefetch,
            topology: topology,
            logger: logger
        )
    }

    /// A message whose body and id carry `number`, padded to about `size` bytes.
    static func message(_ number: Int, size: Int = 64, headers: [String: AMQPHeaderValue] = [:]) -> AMQPMessage {
        var body = Array("{\"n\":\(number),\"pad\":\"".utf8)
        body += Array(repeating: UInt8(ascii: "x"), count: max(0, size - body.count - 2))
        body += Array("\"}".utf8)
        return AMQPMessage(body: body, messageID: "m-\(number)", type: "test.message", headers: headers)
    }

    /// Deletes everything the fixture declared.
    func tearDown() {
        try? admin.delete(topology)
        admin.close()
    }
}

/// Runs blocking work on a thread of its own, never on Swift's cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 4 << 20
        thread.start()
    }
}

/// Polls `condition` every 100 ms until it holds or `timeout` seconds pass; returns whether it held.
func waitUntil(timeout: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.1)
    }
    return try condition()
}
