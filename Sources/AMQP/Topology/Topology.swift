/// The exchanges, queues and bindings a set of workers needs, declared identically by every client.
///
/// `handover(...)` builds Handover's layout. Messages flow like this:
/// - work: publish to `workRoute(stage)`; the stage's quorum queue delivers it to a worker.
/// - retry: the worker publishes `message.forRetry(attempt:error:)` to `retryRoute(stage:tier:)`, then acks
///   the original. The tier queue holds it for the tier's delay and dead-letters it back to the work queue.
/// - park: after its last attempt the worker publishes the copy to `parkRoute(stage)`, then acks. The
///   broker also parks on its own a message rejected or redelivered more than `deliveryLimit` times
///   (header `x-first-death-reason: delivery_limit`), so a crash loop cannot block a queue.
public struct Topology: Sendable {
    /// An exchange to declare (always durable).
    public struct Exchange: Sendable, Equatable {
        public let name: String
        public let type: String
    }

    /// A queue to declare (always durable), with its `x-` arguments.
    public struct Queue: Sendable, Equatable {
        public let name: String
        public let arguments: [String: AMQPHeaderValue]
    }

    /// A binding from an exchange to a queue.
    public struct Binding: Sendable, Equatable {
        public let exchange: String
        public let queue: String
        public let routingKey: String
    }

    public let prefix: String
    public let stages: [String]
    public let retryTiers: [RetryTier]
    public let deliveryLimit: Int
    public let exchanges: [Exchange]
    public let queues: [Queue]
    public let bindings: [Binding]

    /// Handover's layout for `stages` (e.g. `["ingest", "nurture", "writeback"]`).
    ///
    /// Exchanges: `<prefix>.work`, `<prefix>.retry`, `<prefix>.parked` (all direct). Per stage: the quorum
    /// work queue `<prefix>.<stage>` (bound with key `<stage>`, `x-delivery-limit`, dead-letters at least
    /// once to `<prefix>.parked`), one quorum queue `<prefix>.<stage>.retry.<tier>` per tier (TTL = delay,
    /// dead-letters to `<prefix>.work` with key `<stage>`, bound to `<prefix>.retry` with key
    /// `<stage>.<tier>`), and the quorum parking queue `<prefix>.<stage>.parked`.
    public static func handover(
        stages: [String],
        retryTiers: [RetryTier],
        deliveryLimit: Int,
        prefix: String = "handover"
    ) -> Topology {
        let work = "\(prefix).work"
        let retry = "\(prefix).retry"
        let parked = "\(prefix).parked"
        var queues: [Queue] = []
        var bindings: [Binding] = []

        for stage in stages {
            let workQueue = "\(prefix).\(stage)"
            queues.append(
                Queue(
                    name: workQueue,
                    arguments: [
                        "x-queue-type": .string("quorum"),
                        "x-delivery-limit": .int(Int64(deliveryLimit)),
                        "x-dead-letter-exchange": .string(parked),
                        "x-dead-letter-routing-key": .string(stage),
                        "x-dead-letter-strategy": .string("at-least-once"),
                        "x-overflow": .string("reject-publish"),
                    ]
                )
            )
            bindings.append(Binding(exchange: work, queue: workQueue, routingKey: stage))

            for tier in retryTiers {
                let tierQueue = "\(workQueue).retry.\(tier.name)"
                queues.append(
                    Queue(
                        name: tierQueue,
                        arguments: [
                            "x-queue-type": .string("quorum"),
                            "x-message-ttl": .int(tier.milliseconds),
                            "x-dead-letter-exchange": .string(work),
                            "x-dead-letter-routing-key": .string(stage),
                            "x-dead-letter-strategy": .string("at-least-once"),
                            "x-overflow": .string("reject-publish"),
                        ]
                    )
                )
                bindings.append(Binding(exchange: retry, queue: tierQueue, routingKey: "\(stage).\(tier.name)"))
            }

            let parkingQueue = "\(workQueue).parked"
            queues.append(Queue(name: parkingQueue, arguments: ["x-queue-type": .string("quorum")]))
            bindings.append(Binding(exchange: parked, queue: parkingQueue, routingKey: stage))
        }

        return Topology(
            prefix: prefix,
            stages: stages,
            retryTiers: retryTiers,
            deliveryLimit: deliveryLimit,
            exchanges: [work, retry, parked].map { Exchange(name: $0, type: "direct") },
            queues: queues,
            bindings: bindings
        )
    }

    /// The queue a stage's workers consume.
    public func workQueue(_ stage: String) -> String { "\(prefix).\(stage)" }

    /// The queue holding a stage's parked messages (read it with `AMQPAdmin.getOne`).
    public func parkingQueue(_ stage: String) -> String { "\(prefix).\(stage).parked" }

    /// The queue where a stage's messages wait out `tier`'s delay.
    public func retryQueue(_ stage: String, tier: RetryTier) -> String { "\(prefix).\(stage).retry.\(tier.name)" }

    /// Where to publish new work for `stage`.
    public func workRoute(_ stage: String) -> (exchange: String, routingKey: String) {
        ("\(prefix).work", stage)
    }

    /// Where to publish a retry copy so it comes back to `stage` after `tier.delaySeconds`.
    public func retryRoute(stage: String, tier: RetryTier) -> (exchange: String, routingKey: String) {
        ("\(prefix).retry", "\(stage).\(tier.name)")
    }

    /// Where to publish a message that has used up its attempts.
    public func parkRoute(stage: String) -> (exchange: String, routingKey: String) {
        ("\(prefix).parked", stage)
    }

    /// The tier for retry number `attempt` (1 = first retry): the tiers in order, the last one repeated.
    /// Nil when there are no tiers.
    public func tier(forAttempt attempt: Int) -> RetryTier? {
        guard !retryTiers.isEmpty else { return nil }
        return retryTiers[min(max(attempt, 1), retryTiers.count) - 1]
    }
}
