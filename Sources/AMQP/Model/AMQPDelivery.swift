/// A message handed to a consumer, with what is needed to ack or reject it.
///
/// A delivery belongs to the consumer (and the connection) that received it; acking it anywhere else
/// is refused, and acking it after that consumer reconnected is a no-op because the broker has
/// already put it back on the queue.
public struct AMQPDelivery: Sendable {
    public let message: AMQPMessage
    public let deliveryTag: UInt64
    /// The broker's redelivered flag: an earlier delivery of this message was not acked.
    public let redelivered: Bool
    /// The quorum queue's `x-delivery-count` header: earlier failed deliveries, 0 when absent.
    public let deliveryCount: Int
    public let exchange: String
    public let routingKey: String

    /// Identifies the receiving connection: the owner's identity and its connection generation.
    let origin: DeliveryOrigin
}

/// Where a delivery came from, so acks go back to the same connection or are dropped.
struct DeliveryOrigin: Sendable, Equatable {
    let owner: ObjectIdentifier
    let generation: UInt64
}
