import Testing

@testable import AMQP

/// The publisher's bookkeeping, without a broker: what goes out again after a connection is lost.
@Suite struct PublishBatchTests {
    func makeBatch(_ count: Int) -> PublishBatch {
        PublishBatch(
            (0..<count).map { index in
                Publication(
                    exchange: "work",
                    routingKey: "nurture",
                    message: AMQPMessage(body: [UInt8(index)], messageID: "m\(index)", type: "test")
                )
            }
        )
    }

    @Test func aPublishThatThrowsBeforeGoingOutStaysQueued() {
        var batch = makeBatch(3)
        #expect(batch.nextToSend() == 0)
        batch.markSent(0, deliveryTag: 1)
        // Publication 1 is handed out, then the socket write fails: it was never marked sent.
        #expect(batch.nextToSend() == 1)
        batch.requeueInFlight()

        var order: [Int] = []
        var tag: UInt64 = 1
        while let index = batch.nextToSend() {
            batch.markSent(index, deliveryTag: tag)
            order.append(index)
            tag += 1
        }
        #expect(order == [0, 1, 2])
        batch.confirm(deliveryTag: 3, multiple: true, confirmed: true)
        #expect(batch.isComplete)
        #expect(batch.failures.isEmpty)
    }

    @Test func confirmedAndReturnedPublicationsAreNotSentAgain() {
        var batch = makeBatch(4)
        for tag in 1...4 {
            let index = batch.nextToSend()!
            batch.markSent(index, deliveryTag: UInt64(tag))
        }
        batch.confirm(deliveryTag: 2, multiple: true, confirmed: true)
        batch.markReturned(
            messageID: "m2",
            exchange: "work",
            routingKey: "nurture",
            reason: .returned(replyCode: 312, replyText: "NO_ROUTE")
        )
        batch.requeueInFlight()

        #expect(batch.nextToSend() == 3)
        batch.markSent(3, deliveryTag: 1)
        #expect(batch.nextToSend() == nil)
        batch.confirm(deliveryTag: 1, multiple: false, confirmed: true)
        #expect(batch.isComplete)
        #expect(batch.failures.map(\.messageID) == ["m2"])
    }
}
