/// A message and where to publish it.
public struct Publication: Sendable {
    public var exchange: String
    public var routingKey: String
    public var message: AMQPMessage

    public init(exchange: String, routingKey: String, message: AMQPMessage) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.message = message
    }

    /// Publishes `message` to a route returned by `Topology` (`workRoute`, `retryRoute`, `parkRoute`).
    public init(route: (exchange: String, routingKey: String), message: AMQPMessage) {
        self.init(exchange: route.exchange, routingKey: route.routingKey, message: message)
    }
}
