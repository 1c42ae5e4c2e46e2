import Foundation
import Shared

/// Settings every worker shares, read from environment variables and validated at start.
///
/// Each worker adds its own settings on top; `docs/operations.md` lists them all.
public struct WorkerConfiguration: Sendable {
    /// Connection URL for the workers' database role (`handover_app`, which owns no tables).
    public var databaseURL: String
    public var amqpURL: String
    /// Prefix of every exchange and queue name, so several deployments can share a broker.
    public var amqpPrefix: String
    public var httpHost: String
    public var httpPort: UInt16
    /// How many messages each consumer may hold unacknowledged.
    public var prefetch: Int
    /// Threads consuming the stage's work queue, each with its own broker and database connection.
    public var consumerThreads: Int
    /// Largest group of deliveries handled in one database transaction.
    public var batchSize: Int
    /// Broker redeliveries before the quorum queue parks a message (crash loops).
    public var deliveryLimit: Int
    /// Handler retries (through the retry tiers) before a message is parked with its reason.
    public var maxAttempts: Int
    public var instanceID: String
    public var heartbeatSeconds: Int

    /// Defaults differ by stage: writeback spends its time waiting on JobAdder, so it runs more threads
    /// with fewer messages each; ingest takes big batches.
    public struct Defaults: Sendable {
        public var httpPort: UInt16
        public var consumerThreads: Int
        public var prefetch: Int
        public var batchSize: Int

        public init(httpPort: UInt16, consumerThreads: Int = 2, prefetch: Int = 256, batchSize: Int = 200) {
            self.httpPort = httpPort
            self.consumerThreads = consumerThreads
            self.prefetch = prefetch
            self.batchSize = batchSize
        }
    }

    public init(environment: Environment, defaults: Defaults) throws {
        databaseURL = try environment.url("HANDOVER_DATABASE_URL", schemes: ["postgres", "postgresql"]).absoluteString
        amqpURL = try environment.url("HANDOVER_AMQP_URL", schemes: ["amqp"]).absoluteString
        amqpPrefix = try environment.string("HANDOVER_AMQP_PREFIX", default: "handover")
        guard amqpPrefix.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ConfigurationError(
                variable: "HANDOVER_AMQP_PREFIX",
                problem: "may hold only letters, digits, - and _"
            )
        }
        httpHost = try environment.string("HANDOVER_HTTP_HOST", default: "127.0.0.1")
        httpPort = UInt16(try environment.int("HANDOVER_HTTP_PORT", default: Int(defaults.httpPort), in: 0...65535))
        prefetch = try environment.int("HANDOVER_PREFETCH", default: defaults.prefetch, in: 1...10_000)
        consumerThreads = try environment.int(
            "HANDOVER_CONSUMER_THREADS",
            default: defaults.consumerThreads,
            in: 1...64
        )
        batchSize = try environment.int("HANDOVER_BATCH_SIZE", default: defaults.batchSize, in: 1...5_000)
        deliveryLimit = try environment.int("HANDOVER_DELIVERY_LIMIT", default: 10, in: 1...1_000)
        maxAttempts = try environment.int("HANDOVER_MAX_ATTEMPTS", default: 8, in: 1...100)
        heartbeatSeconds = try environment.int("HANDOVER_AMQP_HEARTBEAT_SECONDS", default: 30, in: 0...600)
        let host = ProcessInfo.processInfo.hostName
        instanceID = try environment.string(
            "HANDOVER_INSTANCE_ID",
            default: "\(host)-\(ProcessInfo.processInfo.processIdentifier)"
        )
    }
}
