import AMQP
import Foundation
import Postgres
import Shared

/// One consumer thread: takes batches from a stage's work queue, hands them to the handler, then acks,
/// retries or parks each delivery according to the handler's outcome.
///
/// Acknowledgement happens only after the handler returned, that is after its database commit; a crash
/// in between leaves the delivery unacked and the broker redelivers it.
final class ConsumerLoop: @unchecked Sendable {
    static let attemptHeader = "x-handover-attempt"
    static let errorHeader = "x-handover-error"
    static let replayHeader = "x-handover-replay"

    private let stage: Stage
    private let configuration: WorkerConfiguration
    private let topology: Topology
    private let handler: any MessageHandler
    private let publisher: AMQPPublisher
    private let shutdown: ShutdownSignal
    private let logger: Logger
    private let metrics = MetricsRegistry.shared
    private var random = SystemRandomNumberGenerator()

    init(
        stage: Stage,
        configuration: WorkerConfiguration,
        topology: Topology,
        handler: any MessageHandler,
        publisher: AMQPPublisher,
        shutdown: ShutdownSignal,
        logger: Logger
    ) {
        self.stage = stage
        self.configuration = configuration
        self.topology = topology
        self.handler = handler
        self.publisher = publisher
        self.shutdown = shutdown
        self.logger = logger
    }

    /// Runs until shutdown is requested; reconnects after failures with a short pause.
    func run() {
        while !shutdown.isRequested {
            do {
                try consumeUntilShutdown()
            } catch {
                logger.error("consumer failed; restarting", ["stage": stage.rawValue, "error": "\(error)"])
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    private func consumeUntilShutdown() throws {
        let amqp = try AMQPConfiguration(
            url: configuration.amqpURL,
            connectionName: "\(stage.rawValue)-consumer-\(configuration.instanceID)",
            heartbeatSeconds: configuration.heartbeatSeconds
        )
        let consumer = try AMQPConsumer(
            configuration: amqp,
            queue: topology.workQueue(stage.rawValue),
            prefetch: UInt16(clamping: configuration.prefetch),
            topology: topology,
            logger: logger
        )
        defer { consumer.close() }
        let database = try PostgresConnection.connect(
            url: configuration.databaseURL,
            applicationName: "\(stage.rawValue)-consumer"
        )
        defer { database.close() }

        while !shutdown.isRequested {
            guard let first = try consumer.next(timeout: 0.25) else { continue }
            var deliveries = [first]
            while deliveries.count < configuration.batchSize, let more = try consumer.next(timeout: 0.002) {
                deliveries.append(more)
            }
            if !database.isConnected {
                try database.reconnect()
            }
            try process(deliveries, consumer: consumer, database: database)
        }
    }

    private func process(_ deliveries: [AMQPDelivery], consumer: AMQPConsumer, database: PostgresConnection) throws {
        var works: [InboundWork] = []
        for delivery in deliveries {
            do {
                let message = try WorkMessage.decode(delivery.message.body)
                let attempt = Int(delivery.message.headers[Self.attemptHeader]?.intValue ?? 0) + 1
                let isReplay = delivery.message.headers[Self.replayHeader] != nil
                works.append(InboundWork(delivery: delivery, message: message, attempt: attempt, isReplay: isReplay))
            } catch {
                try park(delivery, attempt: 1, reason: "malformed message: \(error)")
                try consumer.ack(delivery)
            }
        }
        guard !works.isEmpty else { return }

        let started = Date()
        let outcomes = handler.handle(works, database: database, logger: logger)
        let elapsed = Date().timeIntervalSince(started)
        metrics.observe(
            "handover_batch_duration_seconds",
            help: "Time a handler took for one batch of messages.",
            labels: [("stage", stage.rawValue)],
            value: elapsed
        )

        for (work, outcome) in zip(works, outcomes) {
            try settle(work, outcome: outcome)
            try consumer.ack(work.delivery)
        }
        // A handler that returned fewer outcomes than messages leaves the rest for redelivery.
        for work in works.dropFirst(outcomes.count) {
            try consumer.reject(work.delivery, requeue: true)
        }
    }

    private func settle(_ work: InboundWork, outcome: WorkOutcome) throws {
        let stageLabel = ("stage", stage.rawValue)
        switch outcome {
        case .done:
            metrics.increment(
                "handover_messages_processed_total",
                help: "Messages handled to completion.",
                labels: [stageLabel, ("kind", work.message.kind.rawValue)]
            )
            metrics.observe(
                "handover_message_lag_seconds",
                help: "Time from the event that caused a message to its handling.",
                labels: [stageLabel],
                value: max(0, Date().timeIntervalSince(work.message.occurredAt))
            )
        case .retry(let reason):
            if work.attempt >= configuration.maxAttempts {
                try park(
                    work.delivery,
                    attempt: work.attempt,
                    reason: "gave up after \(work.attempt) attempts: \(reason)"
                )
                return
            }
            let tier = RetryPolicy.tier(afterAttempt: work.attempt, using: &random)
            try republish(work.delivery, tier: tier, attempt: work.attempt, reason: reason)
            metrics.increment(
                "handover_messages_retried_total",
                help: "Messages sent to a retry tier.",
                labels: [stageLabel]
            )
            logger.warning(
                "retrying message",
                [
                    "message_id": work.message.id, "org_id": work.message.orgID.uuidString,
                    "attempt": "\(work.attempt)",
                    "tier": tier.name, "reason": reason,
                ]
            )
        case .wait(let reason):
            try republish(work.delivery, tier: RetryPolicy.deferTier, attempt: work.attempt - 1, reason: reason)
            metrics.increment(
                "handover_messages_deferred_total",
                help: "Messages waiting on an earlier one.",
                labels: [stageLabel]
            )
        case .park(let reason):
            try park(work.delivery, attempt: work.attempt, reason: reason)
        }
    }

    private func republish(_ delivery: AMQPDelivery, tier: RetryTier, attempt: Int, reason: String) throws {
        var message = delivery.message
        message.headers[Self.attemptHeader] = .int(Int64(attempt))
        message.headers[Self.errorHeader] = .string(String(reason.prefix(500)))
        let route = topology.retryRoute(stage: stage.rawValue, tier: tier)
        try publisher.publish([Publication(exchange: route.exchange, routingKey: route.routingKey, message: message)])
    }

    private func park(_ delivery: AMQPDelivery, attempt: Int, reason: String) throws {
        var message = delivery.message
        message.headers[Self.attemptHeader] = .int(Int64(attempt))
        message.headers[Self.errorHeader] = .string(String(reason.prefix(500)))
        message.headers["x-handover-parked-at"] = .string(ISO8601DateFormatter().string(from: Date()))
        message.headers.removeValue(forKey: Self.replayHeader)
        let route = topology.parkRoute(stage: stage.rawValue)
        try publisher.publish([Publication(exchange: route.exchange, routingKey: route.routingKey, message: message)])
        metrics.increment(
            "handover_messages_parked_total",
            help: "Messages parked in a stage's parking queue.",
            labels: [("stage", stage.rawValue)]
        )
        logger.error("parked message", ["message_id": message.messageID, "stage": stage.rawValue, "reason": reason])
    }
}
