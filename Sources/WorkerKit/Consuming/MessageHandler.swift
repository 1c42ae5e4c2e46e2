import AMQP
import Postgres
import Shared

/// One delivery from a stage's work queue, decoded.
public struct InboundWork: Sendable {
    public let delivery: AMQPDelivery
    public let message: WorkMessage
    /// 1 on the first try; raised each time the message comes back through a retry tier.
    public let attempt: Int
    /// True when an operator replayed this message from the parking queue.
    public let isReplay: Bool
}

/// What a handler decided for one message.
public enum WorkOutcome: Sendable, Equatable {
    /// Handled; its effects are committed. The delivery is acknowledged.
    case done
    /// Failed for a reason that may pass (JobAdder 5xx, a network error). Comes back after a delay;
    /// parked once `maxAttempts` is reached.
    case retry(reason: String)
    /// Must wait for something else first (an earlier write for the same contact). Comes back after a
    /// short delay without using up an attempt.
    case wait(reason: String)
    /// Will never succeed as it is (bad input, a 4xx from JobAdder). Parked with the reason at once.
    case park(reason: String)
}

/// Handles batches of a stage's messages on a consumer thread.
///
/// The handler owns the transaction boundaries: it must commit each message's effects together with its
/// inbox record before returning `.done`, so a redelivery has no second effect.
public protocol MessageHandler: Sendable {
    func handle(_ batch: [InboundWork], database: PostgresConnection, logger: Logger) -> [WorkOutcome]
}
