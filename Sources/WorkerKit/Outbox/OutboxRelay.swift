import AMQP
import Foundation
import Postgres
import Shared
import Store

/// Publishes committed outbox messages to the broker and deletes them once confirmed.
///
/// Every worker process runs one. Relays in different processes skip each other's rows, so they share
/// the work; a relay that dies mid-batch leaves its rows in place (its transaction rolls back) and
/// another relay, or its own restart, publishes them. A crash after the confirm but before the commit
/// publishes a batch twice, which the consumers' inbox absorbs.
public final class OutboxRelay: @unchecked Sendable {
    private let configuration: WorkerConfiguration
    private let topology: Topology
    private let publisher: AMQPPublisher
    private let shutdown: ShutdownSignal
    private let logger: Logger
    private let batchLimit = 500
    /// How long a relay lets messages gather after publishing a partial batch. Every committed enqueue
    /// notifies, so without a pause a busy relay woke for each commit and published one or two messages
    /// per transaction and broker round trip (four takes per contact in the benchmark).
    private let gatherDelay: TimeInterval = 0.01

    public init(
        configuration: WorkerConfiguration,
        topology: Topology,
        publisher: AMQPPublisher,
        shutdown: ShutdownSignal,
        logger: Logger
    ) {
        self.configuration = configuration
        self.topology = topology
        self.publisher = publisher
        self.shutdown = shutdown
        self.logger = logger
    }

    /// Runs until shutdown; survives database and broker outages by reconnecting.
    public func run() {
        while !shutdown.isRequested {
            do {
                let database = try PostgresConnection.connect(
                    url: configuration.databaseURL,
                    applicationName: "outbox-relay"
                )
                defer { database.close() }
                try database.listen(Outbox.channel)
                while !shutdown.isRequested {
                    let published = try relayOnce(database)
                    if published == 0 {
                        // Idle: the first commit's notification wakes the relay at once.
                        _ = try database.notifications(timeout: 0.5)
                    } else if published < batchLimit {
                        Thread.sleep(forTimeInterval: gatherDelay)
                        _ = try database.notifications(timeout: 0)
                    }
                }
            } catch {
                logger.error("outbox relay failed; retrying", ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
    }

    /// Publishes one batch; returns how many messages went out.
    @discardableResult
    public func relayOnce(_ database: PostgresConnection) throws -> Int {
        try database.systemTransaction { database in
            let pending = try Outbox.take(limit: batchLimit, on: database)
            guard !pending.isEmpty else { return 0 }
            let publications = pending.map { item in
                let route = topology.workRoute(item.routingKey)
                return Publication(
                    exchange: route.exchange,
                    routingKey: route.routingKey,
                    message: AMQPMessage(body: item.body, messageID: item.messageID, type: item.kind)
                )
            }
            try publisher.publish(publications)
            MetricsRegistry.shared.increment(
                "handover_outbox_published_total",
                help: "Outbox messages published with a broker confirm.",
                by: Double(pending.count)
            )
            return pending.count
        }
    }
}
