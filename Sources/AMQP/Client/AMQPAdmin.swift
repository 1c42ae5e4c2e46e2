import Foundation
import Shared

/// Operator and test operations: queue depth, purge, declare/delete, and reading a queue one message
/// at a time (`getOne`) to inspect, ack or requeue parked messages.
///
/// Thread-safe (calls are serialized). Uses its own connection, rebuilt on the next call after any
/// failure; a message taken by `getOne` and not yet acked goes back to its queue if that happens.
public final class AMQPAdmin: @unchecked Sendable {
    private let configuration: AMQPConfiguration
    private let lock = NSLock()

    // Guarded by `lock`.
    private var connection: AMQPConnection?
    private var generation: UInt64 = 0

    /// Connects once to fail fast on a bad URL or credentials.
    public init(configuration: AMQPConfiguration) throws {
        self.configuration = configuration
        connection = try AMQPConnection(configuration: configuration)
        generation = 1
    }

    deinit {
        connection?.close()
    }

    /// Declares every exchange, queue and binding in `topology` (idempotent).
    public func declare(_ topology: Topology) throws {
        try withConnection { try $0.declare(topology) }
    }

    /// Ready messages and consumers of an existing queue (passive declare). Throws 404 when it is missing.
    public func queueDepth(_ queue: String) throws -> (messages: Int, consumers: Int) {
        try withConnection { try $0.declareQueue(queue, arguments: [:], passive: true) }
    }

    /// Deletes every ready message of `queue`; returns how many.
    @discardableResult
    public func purge(_ queue: String) throws -> Int {
        try withConnection { try $0.purge(queue: queue) }
    }

    /// Deletes a queue and any messages in it (no error when it does not exist).
    public func deleteQueue(_ queue: String) throws {
        try withConnection { try $0.deleteQueue(queue) }
    }

    /// Deletes an exchange (no error when it does not exist).
    public func deleteExchange(_ exchange: String) throws {
        try withConnection { try $0.deleteExchange(exchange) }
    }

    /// Deletes every queue and exchange `topology` declares.
    public func delete(_ topology: Topology) throws {
        for queue in topology.queues { try deleteQueue(queue.name) }
        for exchange in topology.exchanges { try deleteExchange(exchange.name) }
    }

    /// Takes one message from `queue` without auto-ack; nil when the queue is empty.
    /// Answer it with `ack` (remove) or `reject(_:requeue:)` (put back, or dead-letter).
    public func getOne(queue: String) throws -> AMQPDelivery? {
        try withConnection { live in
            guard let received = try live.getOne(queue: queue) else { return nil }
            return AMQPDelivery(
                message: received.message,
                deliveryTag: received.deliveryTag,
                redelivered: received.redelivered,
                deliveryCount: Int(received.message.headers["x-delivery-count"]?.intValue ?? 0),
                exchange: received.exchange,
                routingKey: received.routingKey,
                origin: DeliveryOrigin(owner: ObjectIdentifier(self), generation: generation)
            )
        }
    }

    /// Acknowledges a message from `getOne`: it leaves the queue.
    public func ack(_ delivery: AMQPDelivery) throws {
        try withDeliveryConnection(delivery, operation: "basic.ack") {
            try $0.ack(deliveryTag: delivery.deliveryTag, multiple: false)
        }
    }

    /// Rejects a message from `getOne`: back to its queue with `requeue`, otherwise dead-lettered.
    public func reject(_ delivery: AMQPDelivery, requeue: Bool) throws {
        try withDeliveryConnection(delivery, operation: "basic.reject") {
            try $0.reject(deliveryTag: delivery.deliveryTag, requeue: requeue)
        }
    }

    /// Closes the connection; a later call opens a new one. Safe to call more than once.
    public func close() {
        lock.withLock {
            connection?.close()
            connection = nil
        }
    }

    private func withConnection<T>(_ body: (AMQPConnection) throws -> T) throws -> T {
        try lock.withLock {
            if connection?.isUsable != true {
                connection?.close()
                connection = try AMQPConnection(configuration: configuration)
                generation += 1
            }
            guard let live = connection else {
                throw AMQPError(operation: "connect", libraryStatus: "the connection is closed")
            }
            return try body(live)
        }
    }

    private func withDeliveryConnection(
        _ delivery: AMQPDelivery,
        operation: String,
        _ body: (AMQPConnection) throws -> Void
    ) throws {
        try lock.withLock {
            guard delivery.origin.owner == ObjectIdentifier(self) else {
                throw AMQPError(operation: operation, replyText: "the delivery came from another client")
            }
            guard delivery.origin.generation == generation, let connection, connection.isUsable else {
                throw AMQPError(
                    operation: operation,
                    replyText: "the connection that took this message is gone; it is back on its queue"
                )
            }
            try body(connection)
        }
    }
}
