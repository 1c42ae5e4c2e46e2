import AMQP
import Foundation
import Synchronization
import Testing

/// Tests against the running broker. Serialized, and the broker-restart test is declared last so that
/// nothing else in this suite is running while the broker goes down.
@Suite(.serialized) struct AMQPBrokerTests {
    @Test func publishesAndConsumesAThousandWithBodiesAndHeadersIntact() async throws {
        try await onThread {
            let fixture = try BrokerFixture()
            defer { fixture.tearDown() }
            let publisher = try fixture.makePublisher()
            defer { publisher.close() }
            let headers: [String: AMQPHeaderValue] = [
                "org_id": .string("org-42"),
                "count": .int(-7),
                "flag": .bool(true),
                "nested": .table(["list": .array([.int(1), .string("two")])]),
            ]
            let messages = (0..<1_000).map { BrokerFixture.message($0, size: 200, headers: headers) }
            try publisher.publish(messages.map { Publication(route: fixture.topology.workRoute("work"), message: $0) })

            let consumer = try fixture.makeConsumer()
            defer { consumer.close() }
            var received: [String: AMQPMessage] = [:]
            while received.count < messages.count, let delivery = try consumer.next(timeout: 30) {
                received[delivery.message.messageID] = delivery.message
                try consumer.ack(delivery)
            }
            #expect(received.count == 1_000)
            for message in messages {
                let got = received[message.messageID]
                #expect(got?.body == message.body)
                #expect(got?.headers == headers)
                #expect(got?.type == "test.message")
                #expect(got?.persistent == true)
            }
            #expect(
                try waitUntil(timeout: 10) {
                    try fixture.admin.queueDepth(fixture.topology.workQueue("work")).messages == 0
                }
            )
        }
    }

    @Test func unroutableAndMissingExchangeFailAndNameTheMessage() async throws {
        try await onThread {
            let fixture = try BrokerFixture()
            defer { fixture.tearDown() }
            let publisher = try fixture.makePublisher()
            defer { publisher.close() }
            let good = Publication(route: fixture.topology.workRoute("work"), message: BrokerFixture.message(1))
            let unroutable = Publication(
                exchange: "\(fixture.topology.prefix).work",
                routingKey: "nobody-listens",
                message: BrokerFixture.message(2)
            )
            let missing = Publication(
                exchange: "\(fixture.topology.prefix).no-such-exchange",
                routingKey: "x",
                message: BrokerFixture.message(3)
            )

            do {
                try publisher.publish([good, unroutable, missing])
                Issue.record("publishing an unroutable message must throw")
            } catch let error as AMQPError {
                print("unroutable publish error: \(error)")
                #expect(error.failedPublications.map(\.index) == [1, 2])
                #expect(error.failedPublications.first?.messageID == "m-2")
                #expect(error.failedPublications.first?.reason == .returned(replyCode: 312, replyText: "NO_ROUTE"))
                #expect(error.failedPublications.last?.reason == .exchangeNotFound)
                #expect(error.description.contains("m-2"))
            }

            try publisher.publish([good])
            #expect(
                try waitUntil(timeout: 10) {
                    try fixture.admin.queueDepth(fixture.topology.workQueue("work")).messages == 2
                }
            )
        }
    }

    @Test func anUnackedMessageIsRedeliveredToTheNextConsumer() async throws {
        try await onThread {
            let fixture = try BrokerFixture()
            defer { fixture.tearDown() }
            let publisher = try fixture.makePublisher()
            defer { publisher.close() }
            try publisher.publish([
                Publication(route: fixture.topology.workRoute("work"), message: BrokerFixture.message(7))
            ])

            let dying = try fixture.makeConsumer()
            let first = try #require(try dying.next(timeout: 30))
            #expect(!first.redelivered)
            #expect(first.deliveryCount == 0)
            dying.close()

            let survivor = try fixture.makeConsumer()
            defer { survivor.close() }
            let second = try #require(try survivor.next(timeout: 30))
            #expect(second.message.messageID == "m-7")
            #expect(second.redelivered)
            #expect(second.deliveryCount >= 1)
            try survivor.ack(second)
            #expect(throws: AMQPError.self) { try survivor.ack(first) }
        }
    }

    @Test func rejectingPastTheDeliveryLimitParksWithTheReason() async throws {
        try await onThread {
            let fixture = try BrokerFixture(deliveryLimit: 2)
            defer { fixture.tearDown() }
            let publisher = try fixture.makePublisher()
            defer { publisher.close() }
            try publisher.publish([
                Publication(route: fixture.topology.workRoute("work"), message: BrokerFixture.message(9))
            ])

            let consumer = try fixture.makeConsumer()
            defer { consumer.close() }
            var deliveries = 0
            while let delivery = try consumer.next(timeout: 3) {
                deliveries += 1
                try consumer.reject(delivery, requeue: true)
                if deliveries > 10 { break }
            }
            #expect(deliveries == 3)

            let parkingQueue = fixture.topology.parkingQueue("work")
            var parked: AMQPDelivery?
            _ = try waitUntil(timeout: 30) {
                parked = try fixture.admin.getOne(queue: parkingQueue)
                return parked != nil
            }
            let message = try #require(parked).message
            #expect(message.messageID == "m-9")
            #expect(message.deathReason == "delivery_limit")
            let firstReason = message.headers["x-first-death-reason"]?.description ?? "-"
            let deaths = message.headers["x-death"]?.description ?? "-"
            print("parked message death headers: x-first-death-reason=\(firstReason) x-death=\(deaths)")

            // An operator can put it back and read it again, then remove it.
            try fixture.admin.reject(try #require(parked), requeue: true)
            let again = try #require(try fixture.admin.getOne(queue: parkingQueue))
            #expect(again.message.messageID == "m-9")
            try fixture.admin.ack(again)
            #expect(try fixture.admin.queueDepth(parkingQueue).messages == 0)
        }
    }

    @Test func aRetryTierSendsTheMessageBackAfterItsDelay() async throws {
        try await onThread {
            let tier = RetryTier(name: "1s", delaySeconds: 1)
            let fixture = try BrokerFixture(retryTiers: [tier])
            defer { fixture.tearDown() }
            let publisher = try fixture.makePublisher()
            defer { publisher.close() }
            let consumer = try fixture.makeConsumer()
            defer { consumer.close() }

            try publisher.publish([
                Publication(route: fixture.topology.workRoute("work"), message: BrokerFixture.message(5))
            ])
            let original = try #require(try consumer.next(timeout: 30))

            let started = Date()
            let retry = original.message.forRetry(attempt: 1, error: "JobAdder 503")
            try publisher.publish([
                Publication(route: fixture.topology.retryRoute(stage: "work", tier: tier), message: retry)
            ])
            try consumer.ack(original)

            let back = try #require(try consumer.next(timeout: 60))
            let waited = Date().timeIntervalSince(started)
            #expect(back.message.messageID == "m-5")
            #expect(back.message.attempt == 1)
            #expect(back.message.headers[AMQPHeaderKey.error] == .string("JobAdder 503"))
            #expect(back.message.body == original.message.body)
            #expect(waited >= 0.9)
            print("retry tier 1s: message back on the work queue after \(String(format: "%.2f", waited)) s")
            try consumer.ack(back)
        }
    }

    @Test func throughputOfPublishConfirmAndConsume() async throws {
        try await onThread {
            let fixture = try BrokerFixture()
            defer { fixture.tearDown() }
            let count = 20_000
            let batchSize = 1_000
            let route = fixture.topology.workRoute("work")
            let messages = (0..<count).map { BrokerFixture.message($0, size: 600) }

            // Publish + confirm alone.
            let publisher = try fixture.makePublisher()
            defer { publisher.close() }
            var started = Date()
            for start in stride(from: 0, to: count, by: batchSize) {
                try publisher.publish(
                    messages[start..<(start + batchSize)].map { Publication(route: route, message: $0) }
                )
            }
            let publishSeconds = Date().timeIntervalSince(started)
            try fixture.admin.purge(fixture.topology.workQueue("work"))

            // Publisher and consumer concurrently, each on its own thread and connection.
            let consumer = try fixture.makeConsumer(prefetch: 500)
            defer { consumer.close() }
            let consumed = Mutex(0)
            let consumerDone = DispatchSemaphore(value: 0)
            started = Date()
            let consumerThread = Thread {
                var seen = 0
                while seen < count, let delivery = try? consumer.next(timeout: 60) {
                    seen += 1
                    try? consumer.ack(delivery)
                }
                consumed.withLock { $0 = seen }
                consumerDone.signal()
            }
            consumerThread.start()
            for start in stride(from: 0, to: count, by: batchSize) {
                try publisher.publish(
                    messages[start..<(start + batchSize)].map { Publication(route: route, message: $0) }
                )
            }
            consumerDone.wait()
            let bothSeconds = Date().timeIntervalSince(started)

            #expect(consumed.withLock { $0 } == count)
            print(
                String(
                    format: "AMQP throughput (quorum queue, persistent, 600-byte bodies, %d messages, batches of %d): "
                        + "publish+confirm %.0f msg/s (%.2f s); "
                        + "publish+confirm+consume+ack concurrently %.0f msg/s (%.2f s)",
                    count,
                    batchSize,
                    Double(count) / publishSeconds,
                    publishSeconds,
                    Double(count) / bothSeconds,
                    bothSeconds
                )
            )
        }
    }

    /// Restarts the shared broker while 2,000 messages are being published and consumed: the first
    /// 1,000 go out at once, the rest slowly (5 every 200 ms) so the outage falls inside the stream.
    @Test func survivesABrokerRestartWithoutLosingConfirmedMessages() async throws {
        try await onThread {
            let fixture = try BrokerFixture()
            defer { fixture.tearDown() }
            let route = fixture.topology.workRoute("work")
            let total = 2_000
            let confirmed = Mutex(Set<String>())
            let received = Mutex([String: Int]())
            let publishErrors = Mutex([String]())
            let firstHalfSent = DispatchSemaphore(value: 0)
            let restartLaunched = DispatchSemaphore(value: 0)
            let publishingDone = DispatchSemaphore(value: 0)
            let consumingDone = DispatchSemaphore(value: 0)
            let isPublishing = Mutex(true)
            let publisher = try fixture.makePublisher()
            defer { publisher.close() }
            let consumer = try fixture.makeConsumer()
            defer { consumer.close() }

            let publisherThread = Thread {
                // Like a real caller, a batch whose publish failed (no confirm within the timeout, for
                // example while the broker is down) is published again until the broker confirms it.
                func send(_ range: Range<Int>) {
                    let batch = range.map { Publication(route: route, message: BrokerFixture.message($0)) }
                    for _ in 0..<10 {
                        do {
                            try publisher.publish(batch, timeout: 60)
                            confirmed.withLock { $0.formUnion(batch.map(\.message.messageID)) }
                            return
                        } catch {
                            publishErrors.withLock { $0.append("\(error)") }
                        }
                    }
                }
                for start in stride(from: 0, to: total / 2, by: 20) { send(start..<(start + 20)) }
                firstHalfSent.signal()
                restartLaunched.wait()
                for start in stride(from: total / 2, to: total, by: 5) {
                    send(start..<(start + 5))
                    Thread.sleep(forTimeInterval: 0.2)
                }
                isPublishing.withLock { $0 = false }
                publishingDone.signal()
            }
            let consumerThread = Thread {
                let deadline = Date().addingTimeInterval(600)
                while Date() < deadline {
                    if let delivery = try? consumer.next(timeout: 1) {
                        received.withLock { $0[delivery.message.messageID, default: 0] += 1 }
                        try? consumer.ack(delivery)
                        continue
                    }
                    let expected = confirmed.withLock { $0 }
                    let seen = received.withLock { Set($0.keys) }
                    if !isPublishing.withLock({ $0 }) && seen.isSuperset(of: expected) { break }
                }
                consumingDone.signal()
            }
            publisherThread.start()
            consumerThread.start()

            firstHalfSent.wait()
            let restart = try Self.launchBrokerRestart()
            let restartStarted = Date()
            restartLaunched.signal()
            publishingDone.wait()
            consumingDone.wait()
            let scriptFinished = Self.waitForExit(restart, timeout: 180)
            print(
                String(
                    format: "broker restart: services.sh restart-rabbitmq %@ after %.1f s",
                    scriptFinished ? "finished" : "still running, stopped by the test",
                    Date().timeIntervalSince(restartStarted)
                )
            )

            let deliveries = received.withLock { $0 }
            let expected = confirmed.withLock { $0 }
            let lost = expected.subtracting(deliveries.keys)
            let duplicates = deliveries.values.reduce(0) { $0 + max(0, $1 - 1) }
            print(
                """
                broker restart: \(expected.count) of \(total) confirmed, \(deliveries.count) distinct consumed, \
                lost \(lost.count), duplicate deliveries \(duplicates), \
                publish errors \(publishErrors.withLock { $0.count }), \
                publisher reconnects \(publisher.reconnectCount), consumer reconnects \(consumer.reconnectCount)
                """
            )
            #expect(lost.isEmpty)
            #expect(expected.count == total)
            #expect(publisher.reconnectCount >= 1)
            #expect(consumer.reconnectCount >= 1)
        }
    }

    /// Starts `scripts/services.sh restart-rabbitmq` of the checkout that runs the broker: this
    /// repository, or `HANDOVER_SERVICES_ROOT` when the broker belongs to another checkout.
    private static func launchBrokerRestart() throws -> SpawnedProcess {
        let environment = ProcessInfo.processInfo.environment
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let root = environment["HANDOVER_SERVICES_ROOT"] ?? repository
        guard FileManager.default.fileExists(atPath: root + "/var/rabbitmq/mnesia") else {
            throw AMQPTestError(
                description: """
                    \(root)/var/rabbitmq holds no broker; restarting from here would start a second, empty node. \
                    Set HANDOVER_SERVICES_ROOT to the checkout whose scripts/services.sh started the broker.
                    """
            )
        }
        return try SpawnedProcess(path: root + "/scripts/services.sh", arguments: ["restart-rabbitmq"])
    }

    /// Waits for `process` to exit; terminates it (this test started it) when `timeout` passes first.
    private static func waitForExit(_ process: SpawnedProcess, timeout: Double) -> Bool {
        if waitUntil(timeout: timeout, { process.hasExited() }) { return true }
        process.terminate()
        return false
    }
}

struct AMQPTestError: Error, CustomStringConvertible {
    let description: String
}
