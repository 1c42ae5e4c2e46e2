import Foundation
import Shared

/// Consumes one queue with manual acks over its own connection, reconnecting when it is lost.
///
/// Owned by ONE thread: `next`, `ack`, `reject` and `close` must not run concurrently (the class does
/// no locking; it is `Sendable` only so it can be handed to the thread that owns it). Call `next`
/// often enough — well under two heartbeat intervals apart — or the broker drops the connection and
/// redelivers what was unacked.
///
/// After a reconnect, deliveries received on the old connection are back on the queue; acking or
/// rejecting them is then a no-op (the broker redelivers them, `redelivered == true`).
public final class AMQPConsumer: @unchecked Sendable {
    private let configuration: AMQPConfiguration
    private let queue: String
    private let prefetch: UInt16
    private let topology: Topology?
    private let logger: Logger

    private var connection: AMQPConnection?
    private var consumerTag: [UInt8] = []
    private var generation: UInt64 = 0
    private var isClosed = false
    private var nextAttempt = Date.distantPast
    private var backoff = 0.1

    /// How many times the consumer rebuilt its connection.
    public private(set) var reconnectCount = 0

    /// Connects, declares `topology` when given, sets the prefetch and starts consuming `queue`.
    /// Throws when this first attempt fails.
    public init(
        configuration: AMQPConfiguration,
        queue: String,
        prefetch: UInt16,
        topology: Topology?,
        logger: Logger
    ) throws {
        self.configuration = configuration
        self.queue = queue
        self.prefetch = prefetch
        self.topology = topology
        self.logger = logger.with(["amqp_connection": configuration.connectionName, "queue": queue])
        try connect()
    }

    deinit {
        connection?.close()
    }

    /// The next delivery, or nil when none arrived within `timeout` seconds.
    ///
    /// Sends and checks heartbeats while waiting. When the connection is lost it reconnects (with
    /// backoff, as time allows), redeclares the topology and consumes again; while the broker is down
    /// it keeps returning nil. Throws only after `close()`.
    public func next(timeout: Double) throws -> AMQPDelivery? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            guard !isClosed else { throw AMQPError(operation: "consume", libraryStatus: "the consumer is closed") }
            guard let live = connection, live.isUsable else {
                if !reconnect(before: deadline) { return nil }
                continue
            }
            do {
                guard let received = try live.nextDelivery(timeout: max(0, deadline.timeIntervalSinceNow)) else {
                    return nil
                }
                let deliveryCount = received.message.headers["x-delivery-count"]?.intValue ?? 0
                return AMQPDelivery(
                    message: received.message,
                    deliveryTag: received.deliveryTag,
                    redelivered: received.redelivered,
                    deliveryCount: Int(deliveryCount),
                    exchange: received.exchange,
                    routingKey: received.routingKey,
                    origin: DeliveryOrigin(owner: ObjectIdentifier(self), generation: generation)
                )
            } catch let error as AMQPError {
                logger.debug("consumer connection lost", ["error": error.description])
                if live.isUsable { throw error }
            }
        }
    }

    /// Acknowledges `delivery` (and with `multiple`, every earlier one). Throws when the connection
    /// fails while sending; the broker then redelivers, so callers may log and go on.
    public func ack(_ delivery: AMQPDelivery, multiple: Bool = false) throws {
        guard let live = try connection(for: delivery, operation: "basic.ack") else { return }
        try live.ack(deliveryTag: delivery.deliveryTag, multiple: multiple)
    }

    /// Rejects `delivery`: back to the queue with `requeue` (the quorum queue counts it toward
    /// `x-delivery-limit`), otherwise dead-lettered (parked, in Handover's topology).
    public func reject(_ delivery: AMQPDelivery, requeue: Bool) throws {
        guard let live = try connection(for: delivery, operation: "basic.reject") else { return }
        try live.reject(deliveryTag: delivery.deliveryTag, requeue: requeue)
    }

    /// Cancels the consumer and closes the connection; unacked deliveries go back to the queue.
    /// Safe to call more than once.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        if let connection, connection.isUsable, !consumerTag.isEmpty {
            try? connection.cancelConsuming(tag: consumerTag)
        }
        connection?.close()
        connection = nil
    }

    // MARK: - Connection management

    private func connect() throws {
        let fresh = try AMQPConnection(configuration: configuration)
        do {
            if let topology { try fresh.declare(topology) }
            try fresh.setPrefetch(prefetch)
            consumerTag = try fresh.startConsuming(queue: queue)
        } catch {
            fresh.close()
            throw error
        }
        connection = fresh
        generation += 1
    }

    /// One reconnect attempt when the backoff allows it before `deadline`; false when time ran out.
    private func reconnect(before deadline: Date) -> Bool {
        connection?.close()
        connection = nil
        let wait = nextAttempt.timeIntervalSinceNow
        if wait > 0 {
            guard wait < deadline.timeIntervalSinceNow else {
                Thread.sleep(forTimeInterval: max(0, deadline.timeIntervalSinceNow))
                return false
            }
            Thread.sleep(forTimeInterval: wait)
        }
        do {
            try connect()
            reconnectCount += 1
            backoff = 0.1
            logger.debug("consumer reconnected", ["reconnects": String(reconnectCount)])
            return true
        } catch {
            logger.debug("consumer reconnect failed", ["error": "\(error)"])
            nextAttempt = Date().addingTimeInterval(backoff)
            backoff = min(backoff * 2, 5)
            return deadline.timeIntervalSinceNow > 0
        }
    }

    /// The connection `delivery` came in on, nil when that connection is gone (the ack is moot).
    private func connection(for delivery: AMQPDelivery, operation: String) throws -> AMQPConnection? {
        guard delivery.origin.owner == ObjectIdentifier(self) else {
            throw AMQPError(operation: operation, replyText: "the delivery belongs to another consumer")
        }
        guard delivery.origin.generation == generation, let connection, connection.isUsable else {
            logger.debug("dropping \(operation) for a delivery from a lost connection")
            return nil
        }
        return connection
    }
}
