/// The bookkeeping of one `AMQPPublisher.publish` call: which publications are waiting to be sent,
/// in flight under which delivery tag, confirmed, or failed. A pure state machine; no I/O.
struct PublishBatch {
    private enum Outcome {
        case pending
        case inFlight(deliveryTag: UInt64)
        case confirmed
        case failed(PublicationFailure.Reason)
    }

    let publications: [Publication]
    /// Every exchange the batch publishes to.
    let exchanges: Set<String>
    private var outcomes: [Outcome]
    private var sendQueue: [Int]
    private var sendCursor = 0
    /// Delivery tags in the order they were used, with the publication each one carries.
    private var tagOrder: [UInt64] = []
    private var tagHead = 0
    private var indexByTag: [UInt64: Int] = [:]
    private(set) var inFlightCount = 0
    private(set) var unresolvedCount: Int

    init(_ publications: [Publication]) {
        self.publications = publications
        exchanges = Set(publications.map(\.exchange))
        outcomes = Array(repeating: .pending, count: publications.count)
        sendQueue = Array(publications.indices)
        unresolvedCount = publications.count
    }

    var isComplete: Bool { unresolvedCount == 0 }
    var hasUnsent: Bool { sendCursor < sendQueue.count }

    /// Whether a publication to `exchange` still waits to be sent.
    func hasPending(toExchange exchange: String) -> Bool {
        publications.indices.contains { index in
            guard case .pending = outcomes[index] else { return false }
            return publications[index].exchange == exchange
        }
    }

    /// The next publication to send, skipping any already resolved. It stays first in line until
    /// `markSent` records it, so a publish that throws before it went out leaves it queued for the
    /// next connection instead of dropping it from the batch.
    mutating func nextToSend() -> Int? {
        while sendCursor < sendQueue.count {
            let index = sendQueue[sendCursor]
            if case .pending = outcomes[index] { return index }
            sendCursor += 1
        }
        return nil
    }

    /// Records that publication `index`, the one `nextToSend` returned, went out with `deliveryTag`.
    mutating func markSent(_ index: Int, deliveryTag: UInt64) {
        if sendCursor < sendQueue.count, sendQueue[sendCursor] == index { sendCursor += 1 }
        outcomes[index] = .inFlight(deliveryTag: deliveryTag)
        tagOrder.append(deliveryTag)
        indexByTag[deliveryTag] = index
        inFlightCount += 1
    }

    /// The connection was lost: everything in flight is sent again, in the original order.
    mutating func requeueInFlight() {
        var again: [Int] = []
        for (index, outcome) in outcomes.enumerated() {
            if case .inFlight = outcome {
                outcomes[index] = .pending
                again.append(index)
            }
        }
        sendQueue = again + sendQueue[sendCursor...]
        sendCursor = 0
        tagOrder = []
        tagHead = 0
        indexByTag = [:]
        inFlightCount = 0
    }

    /// Applies `basic.ack` (`confirmed == true`) or `basic.nack` for `deliveryTag`, or every tag up to it.
    mutating func confirm(deliveryTag: UInt64, multiple: Bool, confirmed: Bool) {
        let outcome: Outcome = confirmed ? .confirmed : .failed(.nacked)
        if !multiple {
            if let index = indexByTag.removeValue(forKey: deliveryTag) { resolve(index, outcome) }
            return
        }
        while tagHead < tagOrder.count, tagOrder[tagHead] <= deliveryTag {
            if let index = indexByTag.removeValue(forKey: tagOrder[tagHead]) { resolve(index, outcome) }
            tagHead += 1
        }
    }

    /// Applies `basic.return`: the earliest in-flight publication with these properties failed.
    /// Its ack follows and is then ignored.
    mutating func markReturned(
        messageID: String,
        exchange: String,
        routingKey: String,
        reason: PublicationFailure.Reason
    ) {
        for position in tagHead..<tagOrder.count {
            guard let index = indexByTag[tagOrder[position]] else { continue }
            let publication = publications[index]
            if publication.message.messageID == messageID, publication.exchange == exchange,
                publication.routingKey == routingKey
            {
                indexByTag[tagOrder[position]] = nil
                resolve(index, .failed(reason))
                return
            }
        }
    }

    /// Fails every unresolved publication to `exchange` (it does not exist).
    mutating func failAll(toExchange exchange: String) {
        for index in publications.indices where publications[index].exchange == exchange {
            if case .pending = outcomes[index] { resolve(index, .failed(.exchangeNotFound)) }
        }
    }

    /// Every failure so far, in input order.
    var failures: [PublicationFailure] {
        outcomes.enumerated().compactMap { index, outcome in
            guard case .failed(let reason) = outcome else { return nil }
            let publication = publications[index]
            return PublicationFailure(
                index: index,
                messageID: publication.message.messageID,
                exchange: publication.exchange,
                routingKey: publication.routingKey,
                reason: reason
            )
        }
    }

    private mutating func resolve(_ index: Int, _ outcome: Outcome) {
        if case .inFlight = outcomes[index] { inFlightCount -= 1 }
        switch outcomes[index] {
        case .pending, .inFlight: unresolvedCount -= 1
        case .confirmed, .failed: return
        }
        outcomes[index] = outcome
    }
}
