import Foundation

/// A message as Handover publishes and receives it: a body plus the few properties workers use.
public struct AMQPMessage: Sendable, Equatable {
    /// The payload, usually JSON.
    public var body: [UInt8]
    /// The `message-id` property; producers set a stable id so consumers can deduplicate.
    public var messageID: String
    /// The `type` property: what kind of message this is (for example `"lead.created"`).
    public var type: String
    /// Application and broker headers (`x-delivery-count`, `x-death`, `x-handover-attempt`, ...).
    public var headers: [String: AMQPHeaderValue]
    /// The `timestamp` property (whole seconds on the wire).
    public var timestamp: Date?
    /// Delivery mode 2 (persistent) when true, 1 otherwise.
    public var persistent: Bool

    public init(
        body: [UInt8],
        messageID: String,
        type: String,
        headers: [String: AMQPHeaderValue] = [:],
        timestamp: Date? = nil,
        persistent: Bool = true
    ) {
        self.body = body
        self.messageID = messageID
        self.type = type
        self.headers = headers
        self.timestamp = timestamp
        self.persistent = persistent
    }

    /// How many times Handover already retried this message (header `x-handover-attempt`), 0 when absent.
    public var attempt: Int { headers[AMQPHeaderKey.attempt]?.intValue.map { Int($0) } ?? 0 }

    /// A copy to republish for another try: `x-handover-attempt` set to `attempt`, the last error in
    /// `x-handover-error`, and the broker's own bookkeeping headers (`x-death`, `x-delivery-count`, ...)
    /// removed so they do not pile up across hops.
    public func forRetry(attempt: Int, error: String) -> AMQPMessage {
        var copy = self
        copy.headers = headers.filter { !AMQPHeaderKey.isBrokerOwned($0.key) }
        copy.headers[AMQPHeaderKey.attempt] = .int(Int64(attempt))
        copy.headers[AMQPHeaderKey.error] = .string(error)
        return copy
    }

    /// The reason the broker dead-lettered this message (`x-first-death-reason`, else the first
    /// `x-death` entry's `reason`), for example `"delivery_limit"`, `"expired"` or `"rejected"`.
    public var deathReason: String? {
        if let reason = headers["x-first-death-reason"]?.stringValue { return reason }
        guard case .array(let deaths)? = headers["x-death"], case .table(let first)? = deaths.first else {
            return nil
        }
        return first["reason"]?.stringValue
    }
}

/// Header names Handover uses on its own messages.
public enum AMQPHeaderKey {
    /// The number of processing attempts already made (an integer).
    public static let attempt = "x-handover-attempt"
    /// A short, safe description of the last processing error (never bodies or secrets).
    public static let error = "x-handover-error"

    /// Headers the broker adds while routing; they are dropped when a message is copied for a retry.
    static func isBrokerOwned(_ key: String) -> Bool {
        key == "x-death" || key == "x-delivery-count" || key.hasPrefix("x-first-death-")
            || key.hasPrefix("x-last-death-")
    }
}
