import AMQP
import Testing

@Suite struct TopologyTests {
    let topology = Topology.handover(
        stages: ["ingest", "writeback"],
        retryTiers: [RetryTier(name: "1s", delaySeconds: 1), RetryTier(name: "5s", delaySeconds: 5)],
        deliveryLimit: 5,
        prefix: "hx"
    )

    @Test func namesQueuesAndRoutes() {
        #expect(topology.exchanges.map(\.name) == ["hx.work", "hx.retry", "hx.parked"])
        #expect(topology.workQueue("ingest") == "hx.ingest")
        #expect(topology.parkingQueue("ingest") == "hx.ingest.parked")
        #expect(topology.retryRoute(stage: "ingest", tier: topology.retryTiers[1]) == ("hx.retry", "ingest.5s"))
        #expect(topology.parkRoute(stage: "writeback") == ("hx.parked", "writeback"))
        #expect(topology.queues.count == 8)
    }

    @Test func workQueuesAreQuorumWithALimitAndAtLeastOnceParking() throws {
        let queue = try #require(topology.queues.first { $0.name == "hx.ingest" })
        #expect(queue.arguments["x-queue-type"] == .string("quorum"))
        #expect(queue.arguments["x-delivery-limit"] == .int(5))
        #expect(queue.arguments["x-dead-letter-exchange"] == .string("hx.parked"))
        #expect(queue.arguments["x-dead-letter-strategy"] == .string("at-least-once"))
        #expect(queue.arguments["x-overflow"] == .string("reject-publish"))
        let tier = try #require(topology.queues.first { $0.name == "hx.ingest.retry.5s" })
        #expect(tier.arguments["x-message-ttl"] == .int(5_000))
        #expect(tier.arguments["x-dead-letter-exchange"] == .string("hx.work"))
        #expect(tier.arguments["x-dead-letter-routing-key"] == .string("ingest"))
    }

    @Test func tiersRepeatTheLastOne() {
        #expect(topology.tier(forAttempt: 1)?.name == "1s")
        #expect(topology.tier(forAttempt: 2)?.name == "5s")
        #expect(topology.tier(forAttempt: 9)?.name == "5s")
    }

    @Test func retryCopiesDropBrokerHeaders() {
        let original = AMQPMessage(
            body: [1],
            messageID: "m",
            type: "t",
            headers: ["x-death": .array([]), "x-delivery-count": .int(2), "org_id": .string("o1")]
        )
        let copy = original.forRetry(attempt: 3, error: "timeout")
        #expect(copy.attempt == 3)
        #expect(copy.headers["x-death"] == nil)
        #expect(copy.headers["x-delivery-count"] == nil)
        #expect(copy.headers["org_id"] == .string("o1"))
        #expect(copy.headers[AMQPHeaderKey.error] == .string("timeout"))
    }
}
