import CRabbitMQ

/// A failure talking to RabbitMQ: what was being done, the broker's reply and the library status.
///
/// `description` is safe to log: it never contains passwords, message bodies or header values.
public struct AMQPError: Error, CustomStringConvertible, Sendable {
    /// What the client was doing, for example `"queue.declare handover.ingest"`.
    public let operation: String
    /// The broker's reply code (for example 404 or 406) when the broker closed the channel or connection.
    public let replyCode: UInt16?
    /// The broker's reply text, when there is one.
    public let replyText: String?
    /// librabbitmq's status string (for example `"a socket error occurred"`), when the library failed.
    public let libraryStatus: String?
    /// For `AMQPPublisher.publish`: the publications that failed, with the reason for each.
    public let failedPublications: [PublicationFailure]

    init(
        operation: String,
        replyCode: UInt16? = nil,
        replyText: String? = nil,
        libraryStatus: String? = nil,
        failedPublications: [PublicationFailure] = []
    ) {
        self.operation = operation
        self.replyCode = replyCode
        self.replyText = replyText
        self.libraryStatus = libraryStatus
        self.failedPublications = failedPublications
    }

    /// An error carrying librabbitmq's text for a status code such as `AMQP_STATUS_SOCKET_ERROR`.
    init(operation: String, status: Int32) {
        self.init(operation: operation, libraryStatus: String(cString: amqp_error_string2(status)))
    }

    public var description: String {
        var text = "AMQP \(operation) failed"
        if let replyCode { text += ": broker replied \(replyCode)" }
        if let replyText { text += " \(replyText)" }
        if let libraryStatus { text += ": \(libraryStatus)" }
        if !failedPublications.isEmpty {
            let shown = failedPublications.prefix(5).map(\.description).joined(separator: "; ")
            let more = failedPublications.count > 5 ? "; and \(failedPublications.count - 5) more" : ""
            text += ": \(failedPublications.count) publication(s) failed: \(shown)\(more)"
        }
        return text
    }
}

/// One publication that the broker did not accept, as reported by `AMQPPublisher.publish`.
public struct PublicationFailure: Sendable, CustomStringConvertible, Equatable {
    /// Why the broker did not take the message.
    public enum Reason: Sendable, Equatable {
        /// The broker answered `basic.nack` (for example a quorum queue at its length limit).
        case nacked
        /// The message could not be routed to any queue (`basic.return`, because publishes are mandatory).
        case returned(replyCode: UInt16, replyText: String)
        /// The exchange does not exist.
        case exchangeNotFound
    }

    /// The position of the publication in the array given to `publish`.
    public let index: Int
    public let messageID: String
    public let exchange: String
    public let routingKey: String
    public let reason: Reason

    public var description: String {
        let why: String
        switch reason {
        case .nacked: why = "nacked by the broker"
        case .returned(let code, let text): why = "returned unroutable (\(code) \(text))"
        case .exchangeNotFound: why = "exchange not found"
        }
        return "#\(index) message \(messageID) to exchange '\(exchange)' key '\(routingKey)' \(why)"
    }
}
