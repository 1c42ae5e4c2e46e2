import Foundation
import Shared

/// Publishes messages with publisher confirms over its own connection, and survives connection loss.
///
/// Thread-safe: calls are serialized by an internal lock (one `publish` runs at a time). Every message
/// is published `mandatory` on a confirm-mode channel, up to `maxInFlight` unconfirmed at once.
/// `publish` returns only when the broker has confirmed every message; when the connection drops it
/// reconnects with backoff, redeclares the topology, re-enables confirms and republishes whatever was
/// unconfirmed (so a consumer may see a message twice: delivery is at least once).
public final class AMQPPublisher: @unchecked Sendable {
    private let configuration: AMQPConfiguration
    private let topology: Topology?
    private let logger: Logger
    private let lock = NSLock()
    /// How many publishes may wait for their confirm at once.
    private let maxInFlight = 1_000

    // Guarded by `lock`.
    private var connection: AMQPConnection?
    private var nextDeliveryTag: UInt64 = 1
    private var knownExchanges: Set<String> = [""]
    private var isClosed = false
    private var reconnects = 0
    /// When the last confirm arrived (or nothing was waiting for one).
    private var lastConfirmAt = Date()
    /// How long in-flight messages may wait for any confirm before the connection is replaced.
    static let confirmStall: TimeInterval = 15

    /// Connects, declares `topology` when given, and enables confirms. Throws when the first
    /// connection fails (bad URL, credentials or an unreachable broker), so misconfiguration is loud.
    public init(configuration: AMQPConfiguration, topology: Topology?, logger: Logger) throws {
        self.configuration = configuration
        self.topology = topology
        self.logger = logger.with(["amqp_connection": configuration.connectionName])
        connection = try connect()
    }

    deinit {
        connection?.close()
    }

    /// How many times the publisher rebuilt its connection.
    public var reconnectCount: Int { lock.withLock { reconnects } }

    /// Publishes every item and waits until the broker confirmed each one.
    ///
    /// Throws `AMQPError` with `failedPublications` naming the ones the broker nacked, returned as
    /// unroutable, or whose exchange does not exist (the others were published and confirmed). Throws
    /// a plain `AMQPError` when `timeout` seconds pass first (then some may or may not have arrived).
    public func publish(_ items: [Publication], timeout: Double = 30) throws {
        try lock.withLock {
            guard !isClosed else { throw AMQPError(operation: "publish", libraryStatus: "the publisher is closed") }
            guard !items.isEmpty else { return }
            try run(PublishBatch(items), deadline: Date().addingTimeInterval(timeout))
        }
    }

    /// Closes the connection. Later `publish` calls throw. Safe to call more than once.
    public func close() {
        lock.withLock {
            isClosed = true
            connection?.close()
            connection = nil
        }
    }

    // MARK: - The publishing loop

    private func run(_ initial: PublishBatch, deadline: Date) throws {
        var batch = initial
        lastConfirmAt = Date()
        var backoff = 0.1
        var lastError: AMQPError?

        while !batch.isComplete {
            guard Date() < deadline else {
                connection?.close()
                connection = nil
                let waiting = batch.unresolvedCount
                throw lastError
                    ?? AMQPError(
                        operation: "publish",
                        libraryStatus: "timed out with \(waiting) of \(batch.publications.count) unconfirmed"
                    )
            }
            do {
                let live = try liveConnection(requeueing: &batch)
                try checkExchanges(of: &batch, on: live)
                while batch.inFlightCount < maxInFlight, let index = batch.nextToSend() {
                    let publication = batch.publications[index]
                    try live.publish(
                        exchange: publication.exchange,
                        routingKey: publication.routingKey,
                        message: publication.message
                    )
                    batch.markSent(index, deliveryTag: nextDeliveryTag)
                    nextDeliveryTag += 1
                    if nextDeliveryTag % 64 == 0 { try drainEvents(into: &batch, on: live, wait: 0) }
                }
                let mustWait = !batch.hasUnsent || batch.inFlightCount >= maxInFlight
                let wait = mustWait ? min(1, max(0, deadline.timeIntervalSinceNow)) : 0
                let inFlightBefore = batch.inFlightCount
                try drainEvents(into: &batch, on: live, wait: wait)
                if batch.inFlightCount < inFlightBefore || batch.inFlightCount == 0 {
                    lastConfirmAt = Date()
                } else if Date().timeIntervalSince(lastConfirmAt) > Self.confirmStall {
                    // A connection that takes messages but never confirms them (seen right after a broker
                    // restart) is abandoned: in-flight messages go out again on a fresh one. Consumers
                    // tolerate the duplicates; losing a confirm forever would block the caller.
                    logger.warning("no confirms for a while; reconnecting", ["in_flight": String(batch.inFlightCount)])
                    connection?.close()
                    connection = nil
                    lastConfirmAt = Date()
                }
                backoff = 0.1
                lastError = nil
            } catch let error as AMQPError {
                // Every failure waits before the next attempt, connected or not: retrying a refused
                // connect at full speed floods the host with thousands of connects a second.
                lastError = error
                logger.debug("publisher connection lost; reconnecting", ["error": error.description])
                if connection?.isUsable != true {
                    connection?.close()
                    connection = nil
                }
                Thread.sleep(forTimeInterval: min(backoff, max(0, deadline.timeIntervalSinceNow)))
                backoff = min(backoff * 2, 5)
            }
        }

        let failures = batch.failures
        if !failures.isEmpty {
            throw AMQPError(operation: "publish", failedPublications: failures)
        }
    }

    /// The current connection, or a new one; a new one means everything in flight is sent again.
    private func liveConnection(requeueing batch: inout PublishBatch) throws -> AMQPConnection {
        if let connection, connection.isUsable {
            return connection
        }
        connection?.close()
        connection = nil
        batch.requeueInFlight()
        let fresh = try connect()
        connection = fresh
        reconnects += 1
        logger.debug("publisher reconnected", ["reconnects": String(reconnects)])
        return fresh
    }

    /// Builds a connection ready to publish: topology declared, confirms on, tags counting from 1.
    private func connect() throws -> AMQPConnection {
        let fresh = try AMQPConnection(configuration: configuration)
        do {
            if let topology { try fresh.declare(topology) }
            try fresh.enableConfirms()
        } catch {
            fresh.close()
            throw error
        }
        nextDeliveryTag = 1
        knownExchanges = Set([""] + (topology?.exchanges.map(\.name) ?? []))
        return fresh
    }

    /// Looks up exchanges not seen yet on this connection. Publishing to a missing exchange would
    /// close the channel with nothing to say which message caused it, so those fail up front.
    private func checkExchanges(of batch: inout PublishBatch, on live: AMQPConnection) throws {
        for exchange in batch.exchanges
        where !knownExchanges.contains(exchange) && batch.hasPending(toExchange: exchange) {
            do {
                try live.declareExchange(exchange, type: "direct", passive: true)
                knownExchanges.insert(exchange)
            } catch let error as AMQPError where error.replyCode == 404 {
                batch.failAll(toExchange: exchange)
                throw error
            }
        }
    }

    /// Applies confirms and returns; waits up to `wait` seconds for the first one.
    private func drainEvents(into batch: inout PublishBatch, on live: AMQPConnection, wait: Double) throws {
        var timeout = wait
        for _ in 0..<10_000 {
            switch try live.nextPublisherEvent(timeout: timeout) {
            case .timeout:
                return
            case .ack(let tag, let multiple):
                batch.confirm(deliveryTag: tag, multiple: multiple, confirmed: true)
            case .nack(let tag, let multiple):
                batch.confirm(deliveryTag: tag, multiple: multiple, confirmed: false)
            case .returned(let messageID, let exchange, let routingKey, let replyCode, let replyText):
                batch.markReturned(
                    messageID: messageID,
                    exchange: exchange,
                    routingKey: routingKey,
                    reason: .returned(replyCode: replyCode, replyText: replyText)
                )
            case .other:
                break
            }
            timeout = 0
        }
    }
}
